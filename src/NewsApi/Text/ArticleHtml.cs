namespace NewsApi.Text;
// TEMPORARY STUB
public sealed record ArticleContent(string Html, IReadOnlyList<ContentBlock> Blocks, string PlainText, int WordCount, int ReadingTimeMinutes);
public static class ArticleHtml { public static ArticleContent Process(string rawHtml) => new(rawHtml, [new ParagraphBlock(rawHtml)], rawHtml, 1, 1); }
