extension HARPNOAAMap {
    /// The map the observations' own NOAA_ARS header lists define: each HARP holds the union of
    /// the regions its observations list, in order of first appearance. HARPs whose
    /// observations list no region are in the map with an empty list.
    ///
    /// ```swift
    /// let map = HARPNOAAMap(observations: archive)   // when JSOC's table is not at hand
    /// ```
    public init(observations: [SHARPObservation]) {
        var regions: [Int: [Int]] = [:]
        for observation in observations {
            var list = regions[observation.harpNumber] ?? []
            for region in observation.noaaRegions where !list.contains(region) {
                list.append(region)
            }
            regions[observation.harpNumber] = list
        }
        self.init(regionsByHARP: regions)
    }
}
