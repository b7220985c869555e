"""The flare list from HEK: masked regions (sunpy 7), four-digit regions, and the span it covers."""
import datetime as dt
import os

from support import ScriptTest

from fake_sunpy import MASKED, MaskError, flare


def at(text):
    return dt.datetime.fromisoformat(text)


EVENTS = [
    flare(at("2011-02-13 17:28"), at("2011-02-13 17:38"), at("2011-02-13 17:47"), "M6.6", 11158),
    flare(at("2011-02-14 12:41"), at("2011-02-14 12:53"), at("2011-02-14 13:02"), "C9.4", 1158),
    flare(at("2011-02-15 01:44"), at("2011-02-15 01:56"), at("2011-02-15 02:06"), "X2.2", 11158),
    flare(at("2011-02-15 04:27"), at("2011-02-15 04:32"), at("2011-02-15 04:36"), "C1.2", MASKED),
    flare(at("2011-02-15 23:54"), at("2011-02-16 00:02"), at("2011-02-16 00:10"), "C2.0", None),
    flare(at("2011-02-16 07:44"), at("2011-02-16 07:52"), at("2011-02-16 07:57"), "B8.1", 0),
    flare(at("2011-02-16 09:00"), at("2011-02-16 09:05"), at("2011-02-16 09:10"), MASKED, 11161),
    flare(at("2011-02-16 10:00"), MASKED, at("2011-02-16 10:10"), "C3.0", 11161),
]


class FlareListTests(ScriptTest):
    def flare_rows(self):
        with open(os.path.join(self.folder, "swpc_flarelist.csv")) as file:
            lines = file.read().splitlines()
        self.assertEqual(lines[0], self.script.SWPC_HEADER)
        return [line.split(",") for line in lines[1:]]

    def test_stand_in_masked_value_behaves_like_numpys(self):
        with self.assertRaises(MaskError):
            int(MASKED)
        self.assertFalse(bool(MASKED))

    def test_masked_region_is_kept_without_a_region(self):
        argv = ["--output", self.folder, "--skip-magnetograms", "--skip-harp-table",
                "--start", "2011-02-13", "--end", "2011-02-17"]
        status, out, err, _ = self.run_main(argv, events=EVENTS)
        self.assertEqual(status, 0, err)
        rows = self.flare_rows()
        # Six flares with a class and times; the masked class and the masked peak are left out.
        self.assertEqual([row[9] for row in rows], ["M6.6", "C9.4", "X2.2", "C1.2", "C2.0", "B8.1"])
        self.assertEqual([row[11] for row in rows], ["11158", "11158", "11158", "     ", "     ", "     "])
        self.assertTrue(all(len(row) == 13 for row in rows))
        self.assertIn("6 GOES events", out)
        self.assertIn("3 without a NOAA region", out)
        self.assertIn("2 HEK rows without a GOES class or time left out", out)

    def test_region_values(self):
        self.assertIsNone(self.script.noaa_region(MASKED))
        self.assertIsNone(self.script.noaa_region(None))
        self.assertIsNone(self.script.noaa_region(0))
        self.assertIsNone(self.script.noaa_region(float("nan")))
        self.assertEqual(self.script.noaa_region(1158), 11158)
        self.assertEqual(self.script.noaa_region(11158), 11158)

    def test_flare_list_covers_the_planned_records_plus_the_margin(self):
        server = self.server()
        status, _, err, _ = self.run_main(self.argv(), server, events=EVENTS)
        self.assertEqual(status, 0, err)
        searches = [entry[1] for entry in server.log if entry[0] == "hek"]
        # The records span 2011-02-15 00:00 to 05:00, not the whole --start/--end window.
        self.assertEqual(searches, [(at("2011-02-12 00:00"), at("2011-02-18 05:00"))])

    def test_a_failing_hek_search_does_not_stop_the_magnetograms(self):
        server = self.server()

        class Broken(dict):
            def __getitem__(self, key):
                raise ConnectionError("HEK did not answer")

        status, _, err, _ = self.run_main(self.argv(), server, events=[Broken()])
        self.assertEqual(status, 1)
        self.assertIn("flares:", err)
        self.assertEqual(len(self.sharp_files()), 6)


if __name__ == "__main__":
    import unittest
    unittest.main()
