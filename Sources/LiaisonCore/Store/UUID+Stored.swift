import Foundation

extension UUID {
    /// The id as the store keeps it: the upper-case form of `uuidString`, written out
    /// here because Foundation's formats each byte with `snprintf`, which showed in the
    /// profile of every bulk write.
    var storedText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                let digits: StaticString = "0123456789ABCDEF"
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = 0x2D
                        at += 1
                    }
                    out[at] = digits.utf8Start[Int(byte >> 4)]
                    out[at + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    /// The id as lists show it: its last 8 hexadecimal digits, in lower case. They are
    /// random in every id liaison makes, whereas the first ones of a time-ordered id are
    /// the same for records made within a minute. `Store.lookup` takes them.
    public var shortText: String { String(storedText.suffix(8)).lowercased() }
}
