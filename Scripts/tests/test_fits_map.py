"""The Swift-written map fixture against astropy (and sunpy): WCS, SHARP and provenance keys.

Runs Scripts/fixtures/make_fits_map_fixtures.py's check on the committed
Tests/Fixtures/maps/swift_map.fits and its source. Skipped, saying so, when numpy or astropy is
not installed (the test command's plain python3 has neither; the fixture venv has both).
"""
import importlib.util
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(os.path.dirname(HERE), "fixtures", "make_fits_map_fixtures.py")
HAS_ASTROPY = all(importlib.util.find_spec(name) is not None for name in ("numpy", "astropy"))


def load_fixture_script():
    spec = importlib.util.spec_from_file_location("make_fits_map_fixtures_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    return module


@unittest.skipUnless(HAS_ASTROPY, "numpy/astropy not installed: the FITS map WCS check is skipped "
                                  "(run with a Python that has astropy, e.g. /tmp/keras-venv)")
class FITSMapFixtureTests(unittest.TestCase):
    def test_map_pixels_sit_where_their_source_points_are_and_keys_are_there(self):
        script = load_fixture_script()
        lines = script.check(report=lambda line: None)
        self.assertTrue(lines[0].startswith("WCS: 6 map pixels"), lines)
        self.assertIn("HARPNUM=377", lines[1])
        self.assertIn("MAPMETH='occlusion'", lines[1])

    def test_a_wrong_reference_pixel_is_caught(self):
        script = load_fixture_script()
        import tempfile
        from astropy.io import fits
        with tempfile.TemporaryDirectory(prefix="fits-map-") as folder:
            broken = os.path.join(folder, "map.fits")
            with fits.open(script.MAP) as hdus:
                hdus[0].header["CRPIX1"] = hdus[0].header["CRPIX1"] + 0.5  # half a map pixel off
                hdus.writeto(broken)
            with self.assertRaises(AssertionError):
                script.check(broken, report=lambda line: None)


if __name__ == "__main__":
    unittest.main()
