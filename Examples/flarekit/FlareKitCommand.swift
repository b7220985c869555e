import ArgumentParser

@main
struct FlareKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flarekit",
        abstract: "Solar-flare classification on SDO/HMI magnetograms.",
        subcommands: [
            DemoCommand.self, InspectCommand.self, CatalogCommand.self, XRSCommand.self, IndexCommand.self, TrainCommand.self, CollectCommand.self, TuneCommand.self,
            EvaluateCommand.self, OcclusionCommand.self, ProbeCommand.self, PredictCommand.self, ScoreCommand.self,
            SVMCommand.self, SummaryCommand.self,
        ])
}
