using System.Text;

namespace NewsApi.Text;

/// <summary>Plain text made safe to place where HTML is expected (a search snippet, an RSS description): it shows as typed.</summary>
public static class HtmlText
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 16);
        AppendEscaped(output, text);
        return output.ToString();
    }

    /// <summary>HTML-escapes the five characters that matter in text and attribute values; Arabic stays as is.</summary>
    public static void AppendEscaped(StringBuilder output, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                case '\'': output.Append("&#39;"); break;
                default: output.Append(c); break;
            }
        }
    }
}
