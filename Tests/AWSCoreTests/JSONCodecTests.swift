import AWSCore
import XCTest

final class JSONCodecTests: XCTestCase {
    func decode(_ s: String) throws -> JSONValue { try JSONCodec.decode(Array(s.utf8)) }
    func encode(_ v: JSONValue, pretty: Bool = false) throws -> String { String(decoding: try JSONCodec.encode(v, pretty: pretty), as: UTF8.self) }

    func testIntegersAndDoublesStayApart() throws {
        XCTAssertEqual(try decode("[1, -2, 1.0, 1e3, 9223372036854775807, 9223372036854775808]"),
                       .array([.int(1), .int(-2), .double(1.0), .double(1000), .int(.max), .double(9.223372036854775808e18)]))
        XCTAssertEqual(try encode(.array([.int(3), .double(3), .double(0.1)])), "[3,3.0,0.1]")
    }

    func testSortedKeysEscapesAndPretty() throws {
        let v: JSONValue = .object(["b": .string("q\"\\\n\u{01}é"), "a": .null, "c": .object([:]), "d": .array([.bool(true)])])
        XCTAssertEqual(try encode(v), #"{"a":null,"b":"q\"\\\n\u0001é","c":{},"d":[true]}"#)
        XCTAssertEqual(try encode(.object(["k": .array([.int(1)])]), pretty: true), "{\n  \"k\": [\n    1\n  ]\n}")
        XCTAssertEqual(try decode(try encode(v)), v, "round trip")
    }

    func testNonFiniteNumbersAreRefused() {
        XCTAssertThrowsError(try JSONCodec.encode(.double(.nan)))
        XCTAssertThrowsError(try JSONCodec.encode(.array([.double(.infinity)])))
    }

    func testUnicodeEscapesAndSurrogates() throws {
        XCTAssertEqual(try decode(#""\u00e9\ud83d\ude00\/""#), .string("é😀/"))
        XCTAssertThrowsError(try decode(#""\ud83d""#))
    }

    func testErrorsCarryTheByteOffset() {
        func offset(_ bytes: [UInt8]) -> Int? {
            do { _ = try JSONCodec.decode(bytes); return nil } catch let e as JSONCodec.DecodeError { return e.offset } catch { return nil }
        }
        XCTAssertEqual(offset(Array(#"{"a": tru}"#.utf8)), 6)
        XCTAssertEqual(offset(Array("[1, 2".utf8)), 5)
        XCTAssertEqual(offset(Array("[1] x".utf8)), 4)
        XCTAssertEqual(offset([0x22, 0x61, 0xff, 0x22]), 2, "invalid UTF-8 rejected where it starts")
        XCTAssertEqual(offset([0x22, 0xc0, 0xaf, 0x22]), 1, "overlong encodings are invalid")
        XCTAssertEqual(offset(Array("01".utf8)), 0)
        XCTAssertNotNil(offset(Array(String(repeating: "[", count: 600).utf8)), "deep nesting is refused, not a crash")
    }
}
