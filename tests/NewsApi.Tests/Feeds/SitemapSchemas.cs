using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace NewsApi.Tests.Feeds;

/// <summary>
/// The XML Schemas a sitemap validator applies, rewritten here from their specifications because the official files
/// cannot be downloaded during a test run: sitemaps.org's <c>sitemap.xsd</c> and <c>siteindex.xsd</c> (protocol 0.9)
/// and Google's <c>sitemap-news.xsd</c>. They keep every constraint of those files that a document of this service can
/// break: a <c>urlset</c> holds at least one <c>url</c> and a <c>sitemapindex</c> at least one <c>sitemap</c>;
/// <c>loc</c> is a URI of 12 to 2,048 characters; <c>lastmod</c> a W3C date or date-time; the elements in order;
/// <c>url</c> extensions from other namespaces validated strictly (so <c>news:news</c> must match the news schema:
/// publication name and language (<c>zh-cn</c>, <c>zh-tw</c> or 2–3 lower-case letters), publication date with a
/// time zone, title).
/// </summary>
public static class SitemapSchemas
{
    public const string Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    public const string News = "http://www.google.com/schemas/sitemap-news/0.9";

    private const string SitemapXsd = """
        <xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
                    xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
          <xsd:element name="urlset">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element ref="url" maxOccurs="unbounded"/>
              </xsd:sequence>
            </xsd:complexType>
          </xsd:element>
          <xsd:element name="url">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="loc" type="tLoc"/>
                <xsd:element name="lastmod" type="tLastmod" minOccurs="0"/>
                <xsd:element name="changefreq" type="tChangeFreq" minOccurs="0"/>
                <xsd:element name="priority" type="tPriority" minOccurs="0"/>
                <xsd:any namespace="##other" processContents="strict" minOccurs="0" maxOccurs="unbounded"/>
              </xsd:sequence>
            </xsd:complexType>
          </xsd:element>
          <xsd:element name="sitemapindex">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="sitemap" maxOccurs="unbounded">
                  <xsd:complexType>
                    <xsd:sequence>
                      <xsd:element name="loc" type="tLoc"/>
                      <xsd:element name="lastmod" type="tLastmod" minOccurs="0"/>
                    </xsd:sequence>
                  </xsd:complexType>
                </xsd:element>
              </xsd:sequence>
            </xsd:complexType>
          </xsd:element>
          <xsd:simpleType name="tLoc">
            <xsd:restriction base="xsd:anyURI">
              <xsd:minLength value="12"/>
              <xsd:maxLength value="2048"/>
            </xsd:restriction>
          </xsd:simpleType>
          <xsd:simpleType name="tLastmod">
            <xsd:union memberTypes="xsd:date xsd:dateTime"/>
          </xsd:simpleType>
          <xsd:simpleType name="tChangeFreq">
            <xsd:restriction base="xsd:string">
              <xsd:enumeration value="always"/><xsd:enumeration value="hourly"/><xsd:enumeration value="daily"/>
              <xsd:enumeration value="weekly"/><xsd:enumeration value="monthly"/><xsd:enumeration value="yearly"/>
              <xsd:enumeration value="never"/>
            </xsd:restriction>
          </xsd:simpleType>
          <xsd:simpleType name="tPriority">
            <xsd:restriction base="xsd:decimal">
              <xsd:minInclusive value="0.0"/>
              <xsd:maxInclusive value="1.0"/>
            </xsd:restriction>
          </xsd:simpleType>
        </xsd:schema>
        """;

    private const string NewsXsd = """
        <xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.google.com/schemas/sitemap-news/0.9"
                    xmlns="http://www.google.com/schemas/sitemap-news/0.9" elementFormDefault="qualified">
          <xsd:element name="news">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="publication">
                  <xsd:complexType>
                    <xsd:sequence>
                      <xsd:element name="name" type="xsd:string"/>
                      <xsd:element name="language">
                        <xsd:simpleType>
                          <xsd:restriction base="xsd:language">
                            <xsd:pattern value="zh-cn|zh-tw|([a-z]{2,3})"/>
                          </xsd:restriction>
                        </xsd:simpleType>
                      </xsd:element>
                    </xsd:sequence>
                  </xsd:complexType>
                </xsd:element>
                <xsd:element name="access" minOccurs="0">
                  <xsd:simpleType>
                    <xsd:restriction base="xsd:string">
                      <xsd:enumeration value="Subscription"/><xsd:enumeration value="Registration"/>
                    </xsd:restriction>
                  </xsd:simpleType>
                </xsd:element>
                <xsd:element name="genres" type="xsd:string" minOccurs="0"/>
                <xsd:element name="publication_date">
                  <xsd:simpleType>
                    <xsd:union>
                      <xsd:simpleType>
                        <xsd:restriction base="xsd:date"><xsd:pattern value="\d{4}-\d{2}-\d{2}"/></xsd:restriction>
                      </xsd:simpleType>
                      <xsd:simpleType>
                        <xsd:restriction base="xsd:dateTime">
                          <xsd:pattern value="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2})"/>
                        </xsd:restriction>
                      </xsd:simpleType>
                    </xsd:union>
                  </xsd:simpleType>
                </xsd:element>
                <xsd:element name="title" type="xsd:string"/>
                <xsd:element name="keywords" type="xsd:string" minOccurs="0"/>
                <xsd:element name="stock_tickers" type="xsd:string" minOccurs="0"/>
              </xsd:sequence>
            </xsd:complexType>
          </xsd:element>
        </xsd:schema>
        """;

    private static readonly XmlSchemaSet Schemas = Compile();

    /// <summary>Asserts the document is valid against the schemas, listing every error when it is not.</summary>
    public static void AssertValid(string xml, string what)
    {
        var document = XDocument.Parse(xml);
        var errors = new List<string>();
        document.Validate(Schemas, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        Assert.True(errors.Count == 0, $"{what} is not valid:\n{string.Join('\n', errors)}\n{xml}");
    }

    private static XmlSchemaSet Compile()
    {
        var set = new XmlSchemaSet();
        foreach (var xsd in new[] { SitemapXsd, NewsXsd })
        {
            using var reader = XmlReader.Create(new StringReader(xsd));
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }
}
