import Foundation

extension UUID {
    /// A version-7 UUID (RFC 9562): the instant's milliseconds since 1970 in the first 48
    /// bits, then 74 random bits. Ids made later sort later, so a store's id indexes grow at
    /// their end rather than on a random page each, and a bundle of recent records touches
    /// a few pages of them, not most. An instant before 1970 or past the year 10889 is
    /// clamped into the 48 bits.
    public init(at instant: Timestamp, random high: UInt64, _ low: UInt64) {
        let milliseconds = UInt64(clamping: max(0, min(instant.milliseconds, (1 << 48) - 1)))
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - i))) }
        for i in 6..<8 { bytes[i] = UInt8(truncatingIfNeeded: high >> (8 * (i - 6))) }
        for i in 8..<16 { bytes[i] = UInt8(truncatingIfNeeded: low >> (8 * (i - 8))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A version-7 UUID for a record made at `instant`, its random bits from the system's
    /// generator. The instant only orders ids: a record's `createdAt` is what the store's
    /// clock said, and an id is never read for it.
    public init(madeAt instant: Timestamp) {
        var generator = SystemRandomNumberGenerator()
        self.init(at: instant, random: generator.next(), generator.next())
    }
}
