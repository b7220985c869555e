import ArgumentParser

@main
struct FlareKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flarekit",
        abstract: "Solar-flare classification on SDO/HMI magnetograms.",
        subcommands: [
            InspectCommand.self, CatalogCommand.self, XRSCommand.self, PredictCommand.self, ScoreCommand.self,
            OcclusionCommand.self, IndexCommand.self, ProbeCommand.self,
        ])
}
