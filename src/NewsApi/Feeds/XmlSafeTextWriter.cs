using System.Xml;
using NewsApi.Text;

namespace NewsApi.Feeds;

/// <summary>
/// An XmlWriter that drops the characters XML 1.0 forbids from all text it is given (element text, attribute values,
/// CDATA, comments) and passes everything else to the writer it wraps. Input carrying such a character is refused,
/// but text stored before that rule, imported, or written to the database by other means must not make a feed or a
/// sitemap fail for every reader: the wrapped writer would throw on it, and the request would end in a 500.
/// </summary>
public sealed class XmlSafeTextWriter(XmlWriter inner) : XmlWriter
{
    public override WriteState WriteState => inner.WriteState;

    public override XmlWriterSettings? Settings => inner.Settings;

    public override void WriteString(string? text) => inner.WriteString(text is null ? null : XmlCharacters.Remove(text));

    public override void WriteChars(char[] buffer, int index, int count) => WriteString(new string(buffer, index, count));

    public override void WriteCData(string? text) => inner.WriteCData(text is null ? null : XmlCharacters.Remove(text));

    public override void WriteComment(string? text) => inner.WriteComment(text is null ? null : XmlCharacters.Remove(text));

    public override void WriteRaw(string data) => inner.WriteRaw(XmlCharacters.Remove(data));

    public override void WriteRaw(char[] buffer, int index, int count) => WriteRaw(new string(buffer, index, count));

    public override void WriteWhitespace(string? ws) => inner.WriteWhitespace(ws);

    public override void WriteCharEntity(char ch)
    {
        if (XmlCharacters.IndexOfForbidden([ch]) < 0)
        {
            inner.WriteCharEntity(ch);
        }
    }

    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => inner.WriteSurrogateCharEntity(lowChar, highChar);

    public override void WriteEntityRef(string name) => inner.WriteEntityRef(name);

    public override void WriteBase64(byte[] buffer, int index, int count) => inner.WriteBase64(buffer, index, count);

    public override void WriteStartDocument() => inner.WriteStartDocument();

    public override void WriteStartDocument(bool standalone) => inner.WriteStartDocument(standalone);

    public override void WriteEndDocument() => inner.WriteEndDocument();

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => inner.WriteDocType(name, pubid, sysid, subset);

    public override void WriteStartElement(string? prefix, string localName, string? ns) => inner.WriteStartElement(prefix, localName, ns);

    public override void WriteEndElement() => inner.WriteEndElement();

    public override void WriteFullEndElement() => inner.WriteFullEndElement();

    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => inner.WriteStartAttribute(prefix, localName, ns);

    public override void WriteEndAttribute() => inner.WriteEndAttribute();

    public override void WriteProcessingInstruction(string name, string? text) => inner.WriteProcessingInstruction(name, text);

    public override string? LookupPrefix(string ns) => inner.LookupPrefix(ns);

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
