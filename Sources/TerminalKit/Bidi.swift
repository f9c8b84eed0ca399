#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Right-to-left text laid out for display: the Unicode bidirectional algorithm with Arabic
/// shaping, by GNU FriBidi, as terminals that do neither need it. Without it, an Arabic
/// name shows its letters in typing order, left to right and unjoined.
///
/// FriBidi is opened when first needed (`libfribidi.so.0`, Debian's `libfribidi0`), so
/// that building needs no headers; where it is missing, text is shown as typed.
public enum Bidi {
    /// `fribidi_log2vis(str, len, &base_dir, visual, L_to_V, V_to_L, levels)`.
    private typealias LogicalToVisual = @convention(c) (
        UnsafePointer<UInt32>?, Int32, UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?,
        UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int8>?
    ) -> Int8

    /// FriBidi's left-to-right paragraph (`FRIBIDI_PAR_LTR`): the interface reads left to
    /// right, and a right-to-left run inside it is turned around in place.
    private static let leftToRight: UInt32 = 0x110

    /// Longer text is shown as typed rather than laid out (a screen row is far shorter).
    static let longest = 4096

    private struct Library: @unchecked Sendable {
        let logicalToVisual: LogicalToVisual
    }

    private static let library: Library? = {
        // By soname on Linux (the loader's own paths); by full path elsewhere, never from
        // the current folder.
        for name in ["libfribidi.so.0", "/opt/homebrew/lib/libfribidi.0.dylib", "/usr/local/lib/libfribidi.0.dylib"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL),
                  let symbol = dlsym(handle, "fribidi_log2vis") else { continue }
            return Library(logicalToVisual: unsafeBitCast(symbol, to: LogicalToVisual.self))
        }
        return nil
    }()

    /// Whether FriBidi could be opened on this machine.
    public static var isAvailable: Bool { library != nil }

    /// The text in display order, Arabic shaped into its joined forms; nil when it holds
    /// nothing written right to left (most text), or FriBidi is missing.
    ///
    /// Stored text may carry explicit direction controls (U+202A–202E, U+2066–2069), which
    /// would let one field turn around what is drawn after it (a phone number shown
    /// backwards): they are dropped first. Characters move as wholes, an emoji with its
    /// skin tone or a letter with its marks, never split into code points.
    public static func visual(_ text: String) -> String? {
        guard text.unicodeScalars.contains(where: isRightToLeft), let library else { return nil }
        let characters = Array(text).map { character in
            String(String.UnicodeScalarView(character.unicodeScalars.filter { !isDirectionControl($0) }))
        }.filter { !$0.isEmpty }
        // Every code point, the character it belongs to, and where each character starts.
        var logical: [UInt32] = []
        var characterOf: [Int] = []
        var starts: [Int] = []
        for (index, character) in characters.enumerated() {
            starts.append(logical.count)
            for scalar in character.unicodeScalars {
                logical.append(scalar.value)
                characterOf.append(index)
            }
        }
        // A cut text (`…` after a right-to-left run) ends its run, not the line: a
        // right-to-left mark after it keeps it on the run's left, where the text was cut.
        if characters.last == "…", let strong = characters.dropLast().last(where: hasStrongDirection),
           strong.unicodeScalars.contains(where: isRightToLeft) {
            starts.append(logical.count)
            logical.append(0x200F)
            characterOf.append(characters.count)
        }
        starts.append(logical.count)
        guard !logical.isEmpty, logical.count <= longest else { return nil }
        let count = logical.count
        var shaped = [UInt32](repeating: 0, count: count)
        var logicalToVisual = [Int32](repeating: 0, count: count)
        var visualToLogical = [Int32](repeating: 0, count: count)
        var base = leftToRight
        let done = logical.withUnsafeBufferPointer { source in
            shaped.withUnsafeMutableBufferPointer { target in
                logicalToVisual.withUnsafeMutableBufferPointer { toVisual in
                    visualToLogical.withUnsafeMutableBufferPointer { toLogical in
                        library.logicalToVisual(source.baseAddress, Int32(count), &base, target.baseAddress,
                                                toVisual.baseAddress, toLogical.baseAddress, nil)
                    }
                }
            }
        }
        guard done != 0 else { return nil }
        // Each character where the first of its code points to be met went, its code points
        // in their own order, each in its shaped form.
        var placed = Set<Int>()
        var out = String.UnicodeScalarView()
        for visualIndex in 0..<count {
            let position = Int(visualToLogical[visualIndex])
            guard logical.indices.contains(position) else { return nil }
            let character = characterOf[position]
            guard placed.insert(character).inserted else { continue }
            for member in starts[character]..<starts[character + 1] {
                let at = Int(logicalToVisual[member])
                guard shaped.indices.contains(at) else { return nil }
                // A ligature leaves the place of its second letter empty (U+FEFF), which takes no cell.
                let value = shaped[at]
                if value != 0xFEFF, value != 0x200F, let scalar = Unicode.Scalar(value) { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// Embeddings, overrides and isolates: U+202A–202E, U+2066–2069.
    static func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// A letter that sets a direction, as opposed to digits, spaces and punctuation.
    private static func hasStrongDirection(_ character: String) -> Bool {
        character.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
    static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
        default: false
        }
    }
}
