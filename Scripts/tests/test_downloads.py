"""Downloads by name, the check of every file, retries, and reruns that resume."""
import os

from support import ScriptTest

import fake_drms

QUERY = "hmi.sharp_cea_720s[377][2011.02.15_00:00:00_TAI-2011.02.15_05:00:00_TAI@1h]{magnetogram}"


class DownloadTests(ScriptTest):
    def names(self, server, harp=377):
        return sorted(name for name, record in server.names().items()
                      if record["HARPNUM"] == harp and record["time"].minute == 0)

    def assert_contents(self, server):
        for name in self.sharp_files():
            with open(os.path.join(self.sharp, name), "rb") as file:
                self.assertEqual(file.read(), server.content(name), name)

    def test_a_nodatafile_row_shifts_nothing(self):
        server = self.server()
        names = self.names(server)
        server.no_data = {names[2]}
        status, out, err, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 0, err)
        self.assertEqual(self.sharp_files(), [n for n in names if n != names[2]])
        self.assert_contents(server)  # every file holds its own record
        self.assertIn("1 records without a data file (NoDataFile)", out)
        self.assertIn("1 records without a file", out)

    def test_stand_in_reproduces_drms_index_shift(self):
        # What the script must not rely on: drms applies download(index=...) to .urls, which
        # lacks the NoDataFile rows of .data, so positions taken from .data pick later files.
        server = self.server()
        names = self.names(server)
        server.no_data = {names[2]}
        export = fake_drms.module(server).Client(email="me@example.org").export(QUERY, method="url", protocol="fits")
        data = list(export.data["filename"])
        self.assertEqual(data[2], "NoDataFile")
        os.makedirs(self.sharp)
        with self.assertRaises(IndexError):  # position 5 of .data is past the end of .urls
            export.download(self.sharp, index=[3, 4, 5])
        export.download(self.sharp, index=[3, 4])
        self.assertEqual(self.sharp_files(), [names[4], names[5]])  # not names[3]

    def test_a_failing_file_is_retried_and_then_reported(self):
        server = self.server()
        names = self.names(server)
        server.fail(names[1], "http", count=2)   # two 503s, then the file
        server.fail(names[3], "http")            # always fails
        server.fail(names[4], "truncated")       # always cut short
        server.fail(names[5], "html")            # always an error page
        status, out, err, recorder = self.run_main(self.argv(), server)
        self.assertEqual(status, 1)
        self.assertEqual(self.sharp_files(), [names[0], names[1], names[2]])
        self.assert_contents(server)
        for name in names[3:]:
            self.assertIn(name, err)
        self.assertIn("cut short", err)
        self.assertIn("not FITS", err)
        self.assertIn("3 failed", out)
        self.assertEqual(sum(1 for url in self.file_fetches(server) if url.endswith(names[1])), 3)
        self.assertEqual(recorder.sleeps[:2], [5, 10])  # back-off between attempts, never actually slept
        self.assertEqual([n for n in os.listdir(self.sharp) if n.endswith(".part")], [])

    def test_rerun_skips_valid_files_and_refetches_only_what_is_missing_or_broken(self):
        server = self.server()
        names = self.names(server)
        server.fail(names[4], "http")
        status, _, _, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 1)
        self.assertNotIn(names[4], self.sharp_files())

        # Second run: the server is well again; a file from the first run was damaged meanwhile.
        server.failures.clear()
        with open(os.path.join(self.sharp, names[1]), "r+b") as file:
            file.truncate(2880)
        server.log.clear()
        status, out, err, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 0, err)
        self.assertIn("6 records (HARP 377), 4 already here, 2 to fetch", out)
        fetched = sorted(url.rsplit("/", 1)[-1] for url in self.file_fetches(server))
        self.assertEqual(fetched, sorted([names[1], names[4]]))
        # The export covers only the span of the missing records.
        self.assertEqual(self.exports(server), [
            "hmi.sharp_cea_720s[377][2011.02.15_01:00:00_TAI-2011.02.15_04:00:00_TAI@1h]{magnetogram}"])
        self.assert_contents(server)

        # Third run: nothing to do, nothing exported or fetched.
        server.log.clear()
        status, out, err, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 0, err)
        self.assertEqual(self.exports(server), [])
        self.assertEqual(self.file_fetches(server), [])
        self.assertIn("0 to fetch", out)
        self.assertIn("0 new files, 6 already present", out)

    def test_interrupted_download_resumes(self):
        server = self.server()
        names = self.names(server)
        calls = []

        def interrupted(url, path):
            calls.append(url)
            if len(calls) == 4:  # the table, two magnetograms, then Ctrl-C in the third
                with open(path, "wb") as file:
                    file.write(b"SIMPLE  =                    T")
                raise KeyboardInterrupt
            server.fetch(url, path)

        with self.assertRaises(KeyboardInterrupt):
            self.run_main(self.argv(), server, fetch=interrupted)
        self.assertEqual(self.sharp_files(), names[:2])  # no partial file under any name
        server.log.clear()
        status, out, err, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(u.rsplit("/", 1)[-1] for u in self.file_fetches(server)), names[2:])
        self.assertEqual(self.sharp_files(), names)
        self.assert_contents(server)

    def test_whole_window_over_every_harp(self):
        server = self.server(harps=(377, 378, 401))
        argv = ["--email", "me@example.org", "--output", self.folder, "--start", "2011-02-15",
                "--end", "2011-02-15T05:00"]
        status, out, err, _ = self.run_main(argv, server)
        self.assertEqual(status, 0, err)
        self.assertIn("18 records (3 HARPs)", out)
        self.assertEqual(len(self.sharp_files()), 18)
        self.assert_contents(server)
