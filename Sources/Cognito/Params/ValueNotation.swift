/// How the language the parameters came from writes values, so that messages and the
/// attribute-map shorthand use its words: its name for null, its spelling of floats
/// and the name of the language itself. The scripting layer supplies its own; the
/// neutral one is for Swift callers.
public struct ValueNotation: Sendable {
    /// e.g. "Lua": "a Lua function cannot be sent".
    public var language: String
    /// The null value's name, e.g. "json.null".
    public var null: String
    /// A float as the script would print it (the shorthand sends that text).
    public var float: @Sendable (Double) -> String

    public init(language: String, null: String, float: @escaping @Sendable (Double) -> String) {
        self.language = language
        self.null = null
        self.float = float
    }

    public static let neutral = ValueNotation(language: "script", null: "null", float: { "\($0)" })
}
