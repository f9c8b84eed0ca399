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
        for name in ["libfribidi.so.0", "libfribidi.0.dylib"] {
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
    public static func visual(_ text: String) -> String? {
        guard text.unicodeScalars.contains(where: isRightToLeft), let library else { return nil }
        let logical = text.unicodeScalars.map(\.value)
        guard !logical.isEmpty, logical.count <= longest else { return nil }
        var visual = [UInt32](repeating: 0, count: logical.count)
        var base = leftToRight
        let done = logical.withUnsafeBufferPointer { source in
            visual.withUnsafeMutableBufferPointer { target in
                library.logicalToVisual(source.baseAddress, Int32(source.count), &base, target.baseAddress, nil, nil, nil)
            }
        }
        guard done != 0 else { return nil }
        var out = String.UnicodeScalarView()
        for value in visual {
            // A ligature leaves the place of its second letter empty (U+FEFF), which takes no cell.
            if let scalar = Unicode.Scalar(value), value != 0xFEFF { out.append(scalar) }
        }
        return String(out)
    }

    /// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
    static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
        default: false
        }
    }
}
