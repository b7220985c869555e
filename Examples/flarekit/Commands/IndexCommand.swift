import ArgumentParser
import Datasets
import Foundation
import Pipelines

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a SHARP folder and label its samples from a flare catalogue into a manifest.",
        discussion: """
            Reads the headers of every hmi.sharp_cea_720s.*.magnetogram.fits file under SHARP_DIR \
            (cached in the folder unless --no-cache; progress on standard error), the flare \
            catalogue (NOAA SWPC event list or FlareKit's plain CSV, detected from the header) and \
            JSOC's HARP-to-NOAA table, applies the selection cuts of Bhattacharjee et al. (2020, \
            Sect. 2) unless --no-cuts (QUALITY, |OBS_VR|, |central meridian distance|, the region's \
            maximum area, hourly sampling; --sampling-hours 0 keeps every observation), measures \
            each kept magnetogram's total unsigned line-of-sight flux from its pixels (cached with \
            the headers), labels every kept observation (flaring region at --threshold, \
            Guastavino's sample class, time to flare) with every flare of its region over the \
            whole disk passage (the cuts choose the samples, never which flares count; \
            --flaring-rule observed-span restores the narrower former rule) and writes the sample \
            manifest as JSON (and CSV with --csv). Rows of the \
            catalogue or table that cannot be read are skipped and counted; with --strict the \
            first one is an error. A HARP-to-NOAA table without a HARP line (zero bytes or a \
            header only) and a run that keeps no sample (the warning says why: no file read, \
            which cut removed the observations, unreadable pixels) are warnings on standard \
            error, and errors (exit 1, no manifest written) with --strict. With --json: one JSON object with the keys files_indexed, \
            failures, cuts_applied, cut_removals ([{cut, removed, removed_for_missing_value}]), \
            observations, samples, regions, flaring_regions, sample_classes, flares, \
            flares_without_region, flares_with_unmapped_region, invalid_catalog_rows, \
            invalid_table_lines, flux_measured, flux_from_cache, flux_failures, flux_seconds and \
            flaring_region_rule.
            """)

    @Argument(help: "The folder of SHARP CEA magnetograms.")
    var sharpDirectory: String

    @Option(name: .long, help: "The flare catalogue (.csv, SWPC event list or plain CSV).")
    var catalog: String

    @Option(name: .long, help: "JSOC's HARP-to-NOAA table (all_harps_with_noaa_ars.txt).")
    var harps: String

    @Option(name: .long, help: "The manifest (.json); never one of the inputs or the --csv file.")
    var output: String

    @Option(name: .long, help: "Also write the samples as CSV.")
    var csv: String?

    @Flag(name: .customLong("no-cuts"), help: "Label every indexed observation (no selection cuts, no sampling).")
    var noCuts = false

    @Option(name: .customLong("max-quality"), help: "Largest QUALITY kept (decimal or 0x hex; default 0x10000).")
    var maxQuality = "0x10000"

    @Option(name: .customLong("max-observer-velocity"), help: "|OBS_VR| must be below this, m/s.")
    var maxObserverVelocity = 3500.0

    @Option(name: .customLong("max-central-meridian-distance"), help: "|Central meridian distance| must be at most this, degrees.")
    var maxCentralMeridianDistance = 45.0

    @Option(name: .customLong("min-area"), help: "A region's maximum area must exceed this, Mm^2.")
    var minArea = 25.0

    @Option(name: .customLong("sampling-hours"), help: "Keep one observation per this many hours (0: all).")
    var samplingHours = 1.0

    @Option(name: .long, help: "Smallest flare class that makes a region flaring.")
    var threshold = "M1.0"

    @Option(name: .customLong("flaring-rule"), help: ArgumentHelp(
        "Which flares make a region flaring: whole-passage (the paper: every flare of its NOAA regions) or observed-span (only flares between its first and last kept magnetogram).",
        valueName: "rule"))
    var flaringRule = "whole-passage"

    @Flag(name: .long, help: "Fail on the first catalogue row or table line that cannot be read, on a HARP table without a HARP line and when no sample is kept.")
    var strict = false

    @Flag(name: .customLong("accept-any-image"), help: "Index .magnetogram.fits files that are not SHARP CEA line-of-sight magnetograms (CTYPE CRLN-CEA/CRLT-CEA, BUNIT Mx/cm^2 or Gauss, 0.01-0.3 deg/px) too; without it they are header failures.")
    var acceptAnyImage = false

    @Flag(name: .customLong("no-cache"), help: "Read every header; write no cache into the folder.")
    var noCache = false

    @Flag(name: .long, help: "Print one JSON object instead of a summary.")
    var json = false

    func validate() throws {
        guard Self.quality(maxQuality) != nil else {
            throw ValidationError("--max-quality must be an unsigned 32-bit integer (decimal or 0x hex), not '\(maxQuality)'")
        }
        guard samplingHours.isFinite, samplingHours >= 0 else { throw ValidationError("--sampling-hours must be >= 0") }
        guard Self.rule(flaringRule) != nil else {
            throw ValidationError("--flaring-rule must be whole-passage or observed-span, not '\(flaringRule)'")
        }
        guard (try? FlareClass(threshold)) != nil else {
            throw ValidationError("--threshold must be a GOES class such as M1.0, not '\(threshold)'")
        }
    }

    func run() throws {
        try reportingErrors {
            var files = CommandFiles()
            files.read(sharpDirectory, option: "the SHARP folder", kind: .folder)
            files.read(catalog, option: "--catalog")
            files.read(harps, option: "--harps")
            files.write(output, option: "--output")
            files.write(csv, option: "--csv")
            try files.check()
            var indexing = SampleIndexing(strict: strict)
            indexing.indexOptions.cache = noCache ? .disabled : .inDirectory
            indexing.indexOptions.acceptAnyImage = acceptAnyImage
            indexing.labeling.flaringRegion.threshold = try FlareClass(threshold)
            indexing.labeling.flaringRegion.rule = Self.rule(flaringRule) ?? .wholeDiskPassage
            if noCuts {
                indexing.cuts = nil
            } else {
                indexing.cuts = SelectionCuts(
                    maximumQuality: Self.quality(maxQuality) ?? 0x10000, maximumObserverRadialVelocity: maxObserverVelocity,
                    maximumCentralMeridianDistance: maxCentralMeridianDistance, minimumRegionArea: minArea,
                    samplingInterval: samplingHours > 0 ? samplingHours * 3600 : nil)
            }
            let result = try indexing.run(
                directory: URL(fileURLWithPath: sharpDirectory), catalog: URL(fileURLWithPath: catalog),
                harpTable: URL(fileURLWithPath: harps), progress: Self.progress, fluxProgress: Self.fluxProgress)
            // The manifest and the CSV are written together or not at all.
            try StagedOutputs.write { staged in
                try result.manifest.write(to: staged.temporary(for: URL(fileURLWithPath: output)))
                if let csv { try result.manifest.writeCSV(to: staged.temporary(for: URL(fileURLWithPath: csv))) }
            }
            for warning in result.warnings {
                FileHandle.standardError.write(Data("flarekit: warning: \(warning)\n".utf8))
            }
            let summary = result.summary
            if json {
                print(String(decoding: try summary.jsonData(), as: UTF8.self))
            } else {
                print(Self.text(summary, result: result))
            }
        }
    }

    static func quality(_ text: String) -> UInt32? {
        let lower = text.lowercased()
        return lower.hasPrefix("0x") ? UInt32(lower.dropFirst(2), radix: 16) : UInt32(lower)
    }

    static func rule(_ name: String) -> FlaringRegionCriterion.Rule? {
        switch name {
        case "whole-passage": .wholeDiskPassage
        case "observed-span": .observedSpan
        default: nil
        }
    }

    static func progress(_ done: Int, _ total: Int) {
        FileHandle.standardError.write(Data("index: \(done)/\(total) headers\n".utf8))
    }

    static func fluxProgress(_ done: Int, _ total: Int) {
        FileHandle.standardError.write(Data("index: \(done)/\(total) line-of-sight fluxes\n".utf8))
    }

    static func text(_ summary: SampleIndexingSummary, result: SampleIndexingResult) -> String {
        var lines = ["files indexed: \(summary.filesIndexed), failures: \(summary.failures)"]
        for failure in result.indexReport.failures.prefix(10) { lines.append("  \(failure.path): \(failure.reason)") }
        if summary.cutsApplied {
            lines.append("selection cuts on \(summary.observations) observations:")
            for removal in result.selectionReport?.cuts ?? [] {
                var line = "  \(removal.cut): removed \(removal.removed)"
                if removal.removedForMissingValue > 0 { line += " (\(removal.removedForMissingValue) with the value missing)" }
                lines.append(line)
            }
        } else {
            lines.append("selection cuts: off")
        }
        if let flux = result.fluxMeasurement {
            lines.append(String(
                format: "line-of-sight flux: %d measured from pixels, %d from the cache, %d unreadable (%.1f s)",
                flux.measured, flux.reused, flux.failures.count, flux.seconds))
            for failure in flux.failures.prefix(10) { lines.append("  \(failure.path): \(failure.reason)") }
        }
        lines.append("samples: \(summary.samples), regions: \(summary.regions), flaring regions: \(summary.flaringRegions)")
        lines.append("flaring rule: \(result.manifest.configuration.flaringRegion.summary)")
        lines.append(
            "sample classes: " + SampleClass.allCases.map { "\($0.rawValue) \(summary.sampleClasses[$0.rawValue] ?? 0)" }
                .joined(separator: ", "))
        lines.append(
            "flares: \(summary.flares), without a region: \(summary.flaresWithoutRegion), "
                + "region in no HARP: \(summary.flaresWithUnmappedRegion)")
        if summary.invalidCatalogRows + summary.invalidTableLines > 0 {
            lines.append("rows not read: catalogue \(summary.invalidCatalogRows), HARP table \(summary.invalidTableLines)")
        }
        return lines.joined(separator: "\n")
    }
}
