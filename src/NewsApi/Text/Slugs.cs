namespace NewsApi.Text;
// TEMPORARY STUB
public static class Slugs {
  public const int MaxLength = 200;
  public static string FromTitle(string title) => string.Join('-', ArabicText.StripMarks(title).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0));
  public static string WithSuffix(string slug, int n) => slug + "-" + n;
}
