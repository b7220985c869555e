"""The file check a download must pass before it is kept (and that a rerun uses to skip a file)."""
import os
import tempfile
import unittest

from support import SHARED_SHARP, card, header, load_script, sharp_fits

script = load_script()


class FITSCheckTests(unittest.TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="fits-check-")
        self.addCleanup(folder.cleanup)
        self.folder = folder.name

    def write(self, data, name="file.fits"):
        path = os.path.join(self.folder, name)
        with open(path, "wb") as file:
            file.write(data)
        return path

    def test_complete_tile_compressed_file_is_valid(self):
        path = self.write(sharp_fits())
        self.assertIsNone(script.fits_problem(path))
        self.assertTrue(script.is_valid_file(path))

    def test_missing_and_empty_files_are_invalid(self):
        self.assertEqual(script.fits_problem(os.path.join(self.folder, "absent.fits")), "missing")
        self.assertEqual(script.fits_problem(self.write(b"")), "empty")

    def test_size_that_is_not_whole_blocks_is_invalid(self):
        problem = script.fits_problem(self.write(sharp_fits()[:-100]))
        self.assertIn("2880", problem)

    def test_html_error_page_is_invalid(self):
        page = b"<html><body>404 Not Found</body></html>".ljust(2880, b" ")
        self.assertIn("not FITS", script.fits_problem(self.write(page)))

    def test_file_cut_at_a_block_boundary_is_invalid(self):
        data = sharp_fits()
        self.assertEqual(len(data) % 2880, 0)
        cut = data[:-2880]  # still whole blocks: only the walk of the HDUs sees the missing heap
        self.assertEqual(len(cut) % 2880, 0)
        self.assertIn("cut short", script.fits_problem(self.write(cut)))

    def test_primary_header_alone_is_invalid(self):
        primary = sharp_fits()[:2880]  # a SHARP file cut right after its empty primary HDU
        self.assertIn("no data", script.fits_problem(self.write(primary)))

    def test_header_without_end_is_invalid(self):
        cards = b"".join([card("SIMPLE", True), card("BITPIX", 8), card("NAXIS", 0)])
        self.assertIn("END", script.fits_problem(self.write(cards.ljust(2880, b" "))))

    def test_uncompressed_image_needs_all_its_pixels(self):
        image = header([card("SIMPLE", True), card("BITPIX", -32), card("NAXIS", 2),
                        card("NAXIS1", 100), card("NAXIS2", 50)])
        pixels = 100 * 50 * 4
        whole = image + b"\0" * (pixels + (-pixels % 2880))
        self.assertIsNone(script.fits_problem(self.write(whole, "whole.fits")))
        self.assertIsNotNone(script.fits_problem(self.write(whole[:-2880], "cut.fits")))

    @unittest.skipUnless(os.path.exists(SHARED_SHARP), "../shared/data/sharp is absent")
    def test_real_sharp_magnetogram_passes_and_a_cut_copy_fails(self):
        self.assertIsNone(script.fits_problem(SHARED_SHARP))
        with open(SHARED_SHARP, "rb") as file:
            data = file.read()
        self.assertIsNotNone(script.fits_problem(self.write(data[:-2880 * 10])))


if __name__ == "__main__":
    unittest.main()
