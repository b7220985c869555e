import Distributed
import Testing

@Suite("Launch detection")
struct MPILaunchTests {
    @Test func aPlainLaunchIsNoLaunch() {
        #expect(MPILaunch.detect(in: [:]) == nil)
        #expect(MPILaunch.detect(in: ["HOME": "/root", "PATH": "/usr/bin"]) == nil)
    }

    @Test func openMPIsVariables() {
        let launch = MPILaunch.detect(in: ["OMPI_COMM_WORLD_SIZE": "3", "OMPI_COMM_WORLD_RANK": "2"])
        #expect(launch == MPILaunch(launcher: .openMPI, rank: 2, size: 3))
    }

    @Test func pmixAndPMI() {
        #expect(MPILaunch.detect(in: ["PMIX_RANK": "1"]) == MPILaunch(launcher: .pmix, rank: 1, size: nil))
        #expect(MPILaunch.detect(in: ["PMI_RANK": "0", "PMI_SIZE": "4"]) == MPILaunch(launcher: .pmi, rank: 0, size: 4))
        #expect(MPILaunch.detect(in: ["PMI_SIZE": "4"]) == MPILaunch(launcher: .pmi, rank: nil, size: 4))
    }

    /// One Slurm task (or a Slurm job step without a task count) is a plain launch.
    @Test func slurmNeedsMoreThanOneTask() {
        #expect(MPILaunch.detect(in: ["SLURM_PROCID": "0", "SLURM_NTASKS": "1"]) == nil)
        #expect(MPILaunch.detect(in: ["SLURM_PROCID": "0"]) == nil)
        #expect(MPILaunch.detect(in: ["SLURM_NTASKS": "4"]) == nil)
        #expect(
            MPILaunch.detect(in: ["SLURM_PROCID": "3", "SLURM_NTASKS": "4"]) == MPILaunch(launcher: .slurm, rank: 3, size: 4))
    }

    @Test func openMPIWinsOverTheSchedulersVariables() {
        let environment = ["SLURM_PROCID": "0", "SLURM_NTASKS": "8", "OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "1"]
        #expect(MPILaunch.detect(in: environment)?.launcher == .openMPI)
    }
}
