namespace NewsApi.Text;
// TEMPORARY STUB (replaced by the Text helper's version)
public static class ArabicText { public static string StripMarks(string s) => new string(s.Where(c => !(c >= '\u064B' && c <= '\u065F') && c != '\u0670' && c != '\u0640').ToArray()); }
