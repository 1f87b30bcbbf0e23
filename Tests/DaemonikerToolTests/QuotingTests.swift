import Testing

@testable import DaemonikerTool

/// Quoting for the languages service definitions are written in.
@Suite struct QuotingTests {
    @Test func shellWordsAreBareWhenSafeElseSingleQuoted() {
        #expect(Quoting.shell("/usr/bin/python3") == "/usr/bin/python3")
        #expect(Quoting.shell("a b") == "'a b'")
        #expect(Quoting.shell("") == "''")
        #expect(Quoting.shell("it's") == "'it'\\''s'")
        #expect(Quoting.shell("$HOME") == "'$HOME'")
        #expect(Quoting.shell(["echo", "a b"]) == "echo 'a b'")
    }

    @Test func systemdCommandWordsEscapeQuotesBackslashesDollarsAndPercents() {
        #expect(Quoting.systemd("plain") == "\"plain\"")
        #expect(Quoting.systemd("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(Quoting.systemd("$HOME 100%") == "\"$$HOME 100%%\"")
    }

    @Test func systemdEnvironmentKeepsDollarsButEscapesPercents() {
        #expect(Quoting.systemdEnvironment("GREETING=a b$ 100%") == "\"GREETING=a b$ 100%%\"")
        #expect(Quoting.systemdValue("50%") == "50%%")
    }

    @Test func xmlEscapesItsFiveCharacters() {
        #expect(
            Quoting.xml("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;")
    }
}
