import Foundation
import Magnetogram

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast path for the archive index: reads the SHARP keywords of a plain (not gzipped) FITS
/// file straight from its header bytes, without cfitsio and without parsing every card.
///
/// Parsing every card of a SHARP header with `FITSHeader` costs milliseconds (measured about
/// 2-4 ms per file, most of `FITSReader.readHeaders(at:)`); an archive holds thousands of
/// files. The scanner reads the header blocks of the first HDU and, when that one holds no
/// image, of the next (the tile-compressed image's binary table), finds the cards of the
/// keywords the index needs and reads their values with the same leniency as `FITSValue`
/// (lowercase or `D` exponents, a bare `nan`, `720.`, quoted strings with `''`).
///
/// It gives up (returns `nil`) on anything it does not fully understand: a gzip file, a first
/// card other than `SIMPLE = T`, a header without END, a non-printable byte, a long-string
/// continuation, a data unit the file does not hold, HDUs after the image, a value that is not
/// of its keyword's type, a HARP number that disagrees with the file name. The index then
/// reads the file with `FITSReader`, which gives the typed error or the same record; a test
/// checks that both paths agree on real and generated files.
enum SHARPHeaderScanner {
    /// The keywords read from the image header.
    static let keywords = Set([
        "HARPNUM", "NOAA_AR", "NOAA_ARS", "T_REC", "QUALITY", "OBS_VR", "CRVAL1", "CRVAL2", "CRLN_OBS", "LON_FWT",
        "LAT_FWT", "AREA_ACR", "USFLUX", "ZNAXIS1", "ZNAXIS2", "NAXIS1", "NAXIS2",
        // Not used, but `SHARPMetadata` reads them: a malformed one sends the file to the slow path.
        "T_OBS", "CDELT1", "CDELT2", "CRPIX1", "CRPIX2", "RSUN_REF", "RSUN_OBS", "DSUN_OBS", "BUNIT",
    ] + SHARPSpaceWeatherKeywords.keywords + SHARPMagnetogramCheck.keywords)

    /// The record of the file at `path` and what makes it not a SHARP CEA line-of-sight
    /// magnetogram (`SHARPMagnetogramCheck`, on the same keywords the slow path reads), or
    /// `nil` when the slow path must decide.
    static func observationAndImageProblems(path: String, fileName: SHARPFileName?) -> (SHARPObservation, [String])? {
        var problems: [String] = []
        guard let observation = observation(path: path, fileName: fileName, imageProblems: &problems) else { return nil }
        return (observation, problems)
    }

    /// The record of the file at `path`, or `nil` when the slow path must decide.
    static func observation(path: String, fileName: SHARPFileName?) -> SHARPObservation? {
        var problems: [String] = []
        return observation(path: path, fileName: fileName, imageProblems: &problems)
    }

    /// The record of the file at `path`, with `imageProblems` set from its image header.
    static func observation(path: String, fileName: SHARPFileName?, imageProblems: inout [String]) -> SHARPObservation? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let fileSize = Int(info.st_size)

        guard let primary = header(descriptor, at: 0, fileSize: fileSize, first: true) else { return nil }
        var image = primary
        var compressed = false
        if !primary.holdsImage {
            guard let dataBytes = primary.dataBytes else { return nil }
            let next = primary.dataStart + padded(dataBytes)
            guard let extensionHeader = header(descriptor, at: next, fileSize: fileSize, first: false) else { return nil }
            if extensionHeader.values["ZIMAGE"] == "T", extensionHeader.values["XTENSION"] == "'BINTABLE'" {
                compressed = true
            } else if !(extensionHeader.values["XTENSION"]?.hasPrefix("'IMAGE") == true && extensionHeader.holdsImage) {
                return nil
            }
            image = extensionHeader
        }
        // The file must hold the image's data unit and nothing after it.
        guard let dataBytes = image.dataBytes, image.dataStart + dataBytes <= fileSize,
              fileSize <= image.dataStart + padded(dataBytes)
        else { return nil }

        let v = image.values
        for keyword in SHARPMagnetogramCheck.keywords {
            // A value the slow path reads differently (or refuses) sends the file there.
            if let text = v[keyword], FITSValue(valueText: text) == nil { return nil }
        }
        imageProblems = SHARPMagnetogramCheck.problems(fileName: path) { keyword in
            v[keyword].flatMap { FITSValue(valueText: $0) }
        }
        var metadata = SHARPMetadata()
        guard let harp = optionalInteger(v["HARPNUM"]), let noaa = optionalInteger(v["NOAA_AR"]),
              let regions = regionList(v["NOAA_ARS"]), let quality = quality(v["QUALITY"]),
              let velocity = optionalReal(v["OBS_VR"]), let crval1 = optionalReal(v["CRVAL1"]),
              let crval2 = optionalReal(v["CRVAL2"]), let crln = optionalReal(v["CRLN_OBS"]),
              let lonFWT = optionalReal(v["LON_FWT"]), let latFWT = optionalReal(v["LAT_FWT"]),
              let area = optionalReal(v["AREA_ACR"]), let flux = optionalReal(v["USFLUX"]),
              let width = optionalInteger(v[compressed ? "ZNAXIS1" : "NAXIS1"]),
              let height = optionalInteger(v[compressed ? "ZNAXIS2" : "NAXIS2"])
        else { return nil }
        for keyword in ["CRPIX1", "CRPIX2", "RSUN_REF", "RSUN_OBS", "DSUN_OBS"] {
            guard optionalReal(v[keyword]) != nil else { return nil }
        }
        guard let cdelt1 = optionalReal(v["CDELT1"]), let cdelt2 = optionalReal(v["CDELT2"]) else { return nil }
        metadata.pixelScaleX = cdelt1
        metadata.pixelScaleY = cdelt2
        var spaceWeather = SHARPSpaceWeatherKeywords()
        for keyword in SHARPSpaceWeatherKeywords.keywords {
            guard let value = optionalReal(v[keyword]) else { return nil }
            spaceWeather[keyword: keyword] = value
        }
        if let text = v["BUNIT"], !text.isEmpty, unquote(text) == nil { return nil }
        if let text = v["T_OBS"], !text.isEmpty {
            guard let string = unquote(text), JSOCTime.date(from: string) != nil else { return nil }
        }
        metadata.harpNumber = harp
        metadata.noaaRegion = noaa
        metadata.noaaRegions = regions
        metadata.quality = quality
        metadata.observerRadialVelocity = velocity
        metadata.referenceLongitude = crval1
        metadata.referenceLatitude = crval2
        metadata.fluxWeightedLongitude = lonFWT
        metadata.fluxWeightedLatitude = latFWT
        metadata.activeRegionArea = area
        metadata.unsignedFlux = flux
        if let text = v["T_REC"], !text.isEmpty {
            guard let string = unquote(text), let time = JSOCTime.date(from: string) else { return nil }
            metadata.recordTime = time
        }
        return try? SHARPObservation(
            metadata: metadata, observerLongitude: crln, width: width ?? 0, height: height ?? 0,
            spaceWeatherKeywords: spaceWeather, path: path, fileName: fileName)
    }

    // MARK: Header blocks

    /// One HDU's header: the raw value text of the keywords of interest and of the structural
    /// keywords, and where its data unit starts.
    struct Header {
        var values: [String: String]
        var dataStart: Int

        /// BITPIX / 8 x GCOUNT x (PCOUNT + NAXIS1 x ... x NAXISn), `nil` when malformed.
        var dataBytes: Int? {
            guard let bitpix = Int(values["BITPIX"] ?? ""), [8, 16, 32, 64, -32, -64].contains(bitpix),
                  let axes = Int(values["NAXIS"] ?? ""), (0...999).contains(axes)
            else { return nil }
            if axes == 0 { return 0 }
            var product = 1
            for axis in 1...axes {
                guard let length = Int(values["NAXIS\(axis)"] ?? ""), length >= 0 else { return nil }
                let (next, overflow) = product.multipliedReportingOverflow(by: length)
                guard !overflow else { return nil }
                product = next
            }
            let parameters = Int(values["PCOUNT"] ?? "0") ?? -1
            let groups = Int(values["GCOUNT"] ?? "1") ?? -1
            guard parameters >= 0, groups >= 0, values["GROUPS"] == nil else { return nil }
            let (sum, o1) = product.addingReportingOverflow(parameters)
            let (count, o2) = sum.multipliedReportingOverflow(by: groups)
            let (bytes, o3) = count.multipliedReportingOverflow(by: abs(bitpix) / 8)
            return o1 || o2 || o3 ? nil : bytes
        }

        /// Whether this HDU holds a 2-D (or larger) image with data.
        var holdsImage: Bool {
            guard let axes = Int(values["NAXIS"] ?? ""), axes >= 2 else { return false }
            return (1...axes).allSatisfy { (Int(values["NAXIS\($0)"] ?? "") ?? 0) > 0 }
        }
    }

    static let structural: Set<String> = ["SIMPLE", "XTENSION", "BITPIX", "NAXIS", "PCOUNT", "GCOUNT", "GROUPS", "ZIMAGE"]

    /// Reads the header starting at byte `offset` (2880-byte blocks up to the END card, at most
    /// 200 blocks).
    static func header(_ descriptor: Int32, at offset: Int, fileSize: Int, first: Bool) -> Header? {
        var values: [String: String] = [:]
        var block = [UInt8](repeating: 0, count: 2880)
        var position = offset
        var cardIndex = 0
        for _ in 0..<200 {
            guard position + 2880 <= fileSize else { return nil }
            let read = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 2880, off_t(position)) }
            guard read == 2880 else { return nil }
            position += 2880
            var ended = false
            let result: Bool = block.withUnsafeBufferPointer { bytes in
                for card in 0..<36 {
                    let start = card * 80
                    let cardBytes = UnsafeBufferPointer(rebasing: bytes[start..<(start + 80)])
                    guard cardBytes.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { return false }
                    var keywordEnd = 8
                    while keywordEnd > 0, cardBytes[keywordEnd - 1] == 0x20 { keywordEnd -= 1 }
                    let keyword = String(decoding: UnsafeBufferPointer(rebasing: cardBytes[0..<keywordEnd]), as: UTF8.self)
                    if cardIndex == 0 {
                        let expected = first ? "SIMPLE" : "XTENSION"
                        guard keyword == expected else { return false }
                    }
                    cardIndex += 1
                    if keyword == "END" {
                        ended = true
                        return true
                    }
                    if keyword == "CONTINUE" { return false }
                    let isNAXIS = keyword.hasPrefix("NAXIS") || keyword.hasPrefix("ZNAXIS")
                    guard keywords.contains(keyword) || structural.contains(keyword) || isNAXIS,
                          values[keyword] == nil, cardBytes[8] == 0x3D, cardBytes[9] == 0x20
                    else { continue }
                    guard let text = valueText(UnsafeBufferPointer(rebasing: cardBytes[10..<80])) else { return false }
                    values[keyword] = text
                }
                return true
            }
            guard result else { return nil }
            if ended {
                if first { guard values["SIMPLE"] == "T" else { return nil } }
                return Header(values: values, dataStart: position)
            }
        }
        return nil
    }

    /// The value text of a card's columns 11-80: a quoted string as written (with its quotes),
    /// or the text before the comment, trimmed; `nil` for an unterminated string or a string
    /// continued with `&`.
    static func valueText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        if index < bytes.count, bytes[index] == 0x27 {   // '
            var end = index + 1
            while end < bytes.count {
                if bytes[end] == 0x27 {
                    if end + 1 < bytes.count, bytes[end + 1] == 0x27 {
                        end += 2
                        continue
                    }
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...end]), as: UTF8.self)
                    return unquote(text)?.hasSuffix("&") == true ? nil : text
                }
                end += 1
            }
            return nil
        }
        var end = index
        while end < bytes.count, bytes[end] != 0x2F { end += 1 }   // /
        var last = end
        while last > index, bytes[last - 1] == 0x20 { last -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<last]), as: UTF8.self)
    }

    // MARK: Values (each `nil` when the text is not of the type; `.some(nil)` when absent or undefined)

    static func optionalInteger(_ text: String?) -> Int?? {
        guard let text, !text.isEmpty else { return .some(nil) }
        if let value = Int(text) { return .some(value) }
        if let real = real(text), real.isFinite, real.rounded() == real, abs(real) <= 9.2e18 { return .some(Int(real)) }
        return nil
    }

    static func optionalReal(_ text: String?) -> Double?? {
        guard let text, !text.isEmpty else { return .some(nil) }
        return real(text).map { .some($0) }
    }

    /// A FITS real exactly as `FITSValue` (the slow path) reads one: `[+-]digits[.digits][E|D
    /// exponent]`, `720.`, a bare `nan` or `inf`; an integer; not a string or logical. Swift's
    /// own `Double(String)` would also take hexadecimal floats (`0x1p3`), which neither
    /// `FITSValue` nor cfitsio reads as a number, so the two paths would disagree.
    static func real(_ text: String) -> Double? {
        FITSValue(valueText: text)?.number
    }

    /// A quoted string's content (`''` unescaped, trailing spaces removed).
    static func unquote(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return nil }
        var content = String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        while content.hasSuffix(" ") { content.removeLast() }
        return content
    }

    /// NOAA_ARS: a quoted comma list or an integer.
    static func regionList(_ text: String?) -> [Int]?? {
        guard let text, !text.isEmpty else { return .some(nil) }
        if let single = Int(text) { return .some([single]) }
        guard let list = unquote(text) else { return nil }
        var regions: [Int] = []
        for item in list.split(separator: ",") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let region = Int(trimmed) else { return nil }
            regions.append(region)
        }
        return .some(regions)
    }

    /// QUALITY: an integer, or a quoted hexadecimal `'0x...'`.
    static func quality(_ text: String?) -> Int?? {
        guard let text, !text.isEmpty else { return .some(nil) }
        if let string = unquote(text) {
            guard string.lowercased().hasPrefix("0x"), let value = Int(string.dropFirst(2), radix: 16) else { return nil }
            return .some(value)
        }
        return optionalInteger(text)
    }

    /// `bytes` rounded up to whole 2880-byte blocks.
    static func padded(_ bytes: Int) -> Int { (bytes + 2879) / 2880 * 2880 }
}
