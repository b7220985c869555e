import Foundation

/// The observer keywords of a synthetic record at a UTC instant: a simple SDO ephemeris.
///
/// - OBS_VR: a daily sinusoid (SDO's geosynchronous orbit; amplitude from the configuration)
///   plus Earth's annual radial velocity, +500 m/s x sin(mean anomaly), mean anomaly 0 on 3 January.
/// - DSUN_OBS: 1 au x (1 - 0.0167 cos(mean anomaly)); RSUN_OBS = atan(RSUN_REF / DSUN_OBS) in arcsec.
/// - CRLT_OBS (B0): 7.25 degrees x sin(2 pi (day - 7 June) / year).
/// - CRLN_OBS: the Carrington longitude of disk centre, 349.03 - 360 / 27.2753 x (JD - 2398140)
///   degrees, wrapped into [0, 360).
/// - QUALITY: per record slot, from the configuration's fractions: failing values 0x00020000,
///   0x00080000, 0x80000000 (written as the signed int32 -2147483648, as JSOC's int keyword
///   holds it); passing non-zero values 0x00000200, 0x00000400, 0x00010000.
struct SyntheticObserver {
    var velocityAmplitude: Double
    var seed: UInt64
    var badQualityFraction: Double
    var benignQualityFraction: Double

    static let astronomicalUnit = 149_597_870_691.0
    static let solarRadius = 696_000_000.0

    /// Days since 1970-01-01 of a UTC instant.
    static func days(_ date: Date) -> Double { date.timeIntervalSince1970 / 86_400 }

    /// Earth's mean anomaly, radians (0 at perihelion, about 3 January).
    static func meanAnomaly(_ date: Date) -> Double {
        2 * Double.pi * (days(date) - 2.0) / 365.2596
    }

    func observerRadialVelocity(_ date: Date) -> Double {
        let day = SyntheticObserver.days(date)
        let daily = velocityAmplitude * sin(2 * Double.pi * (day - day.rounded(.down)) + 0.3)
        return daily + 500 * sin(SyntheticObserver.meanAnomaly(date))
    }

    func sunDistance(_ date: Date) -> Double {
        SyntheticObserver.astronomicalUnit * (1 - 0.0167 * cos(SyntheticObserver.meanAnomaly(date)))
    }

    func solarRadiusArcseconds(_ date: Date) -> Double {
        atan(SyntheticObserver.solarRadius / sunDistance(date)) * 180 / Double.pi * 3600
    }

    func carringtonLatitude(_ date: Date) -> Double {
        7.25 * sin(2 * Double.pi * (SyntheticObserver.days(date) - 157) / 365.25)
    }

    func carringtonLongitude(_ date: Date) -> Double {
        let julianDay = SyntheticObserver.days(date) + 2_440_587.5
        var longitude = (349.03 - 360 / 27.2753 * (julianDay - 2_398_140)).truncatingRemainder(dividingBy: 360)
        if longitude < 0 { longitude += 360 }
        return longitude
    }

    /// QUALITY of the record slot (TAI seconds / 720), the same for every region.
    func quality(taiSeconds: Double) -> Int {
        let slot = UInt64(bitPattern: Int64((taiSeconds / 720).rounded()))
        var generator = SyntheticRandom.generator(seed: seed, .quality, slot)
        let u = generator.nextUniformDouble()
        let pick = Int(generator.next() % 3)
        if u < badQualityFraction { return [0x0002_0000, 0x0008_0000, Int(Int32.min)][pick] }
        if u < badQualityFraction + benignQualityFraction { return [0x0000_0200, 0x0000_0400, 0x0001_0000][pick] }
        return 0
    }
}
