"""Shared pieces of the download_sharp.py tests: loading the script, FITS bytes, a test runtime.

The script is loaded from its path (Scripts/ is not a package). drms and sunpy are never
imported for real: each test puts the stand-ins of fake_drms.py and fake_sunpy.py into
sys.modules while the script runs, and any attempt to reach the network meanwhile fails the test.
"""
import contextlib
import datetime as dt
import importlib.util
import io
import os
import socket
import sys
import tempfile
import unittest
import unittest.mock
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(os.path.dirname(HERE), "download_sharp.py")
REPOSITORY = os.path.dirname(os.path.dirname(HERE))
SHARED_SHARP = os.path.join(os.path.dirname(REPOSITORY), "shared", "data", "sharp",
                            "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
BLOCK = 2880


def load_script():
    """A fresh module object of Scripts/download_sharp.py."""
    spec = importlib.util.spec_from_file_location("download_sharp_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no Scripts/__pycache__
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    return module


def card(keyword, value=None):
    if value is None:
        text = f"{keyword:<8}"
    elif isinstance(value, bool):
        text = f"{keyword:<8}= {'T' if value else 'F':>20}"
    elif isinstance(value, int):
        text = f"{keyword:<8}= {value:>20}"
    else:
        text = f"{keyword:<8}= '{value:<8}'"
    return text.ljust(80).encode("ascii")


def header(cards):
    data = b"".join(cards) + card("END")
    return data + b" " * (-len(data) % BLOCK)


def sharp_fits(harp=377, instant=dt.datetime(2011, 2, 15, 2), width=40, height=20):
    """A small tile-compressed-style SHARP file: an empty primary HDU and a BINTABLE extension
    whose heap stands for the compressed image; the bytes differ from file to file."""
    heap = bytes((harp * 7 + instant.hour * 13 + instant.day * 31 + i) % 251 for i in range(width * height))
    table = b"".join((len(heap) // height).to_bytes(4, "big") + (row * (len(heap) // height)).to_bytes(4, "big")
                     for row in range(height))
    primary = header([card("SIMPLE", True), card("BITPIX", 16), card("NAXIS", 0), card("EXTEND", True)])
    extension = header([
        card("XTENSION", "BINTABLE"), card("BITPIX", 8), card("NAXIS", 2), card("NAXIS1", 8),
        card("NAXIS2", height), card("PCOUNT", len(heap)), card("GCOUNT", 1), card("TFIELDS", 1),
        card("TTYPE1", "COMPRESSED_DATA"), card("TFORM1", "1PB(800)"), card("ZIMAGE", True),
        card("ZBITPIX", 32), card("ZNAXIS", 2), card("ZNAXIS1", width), card("ZNAXIS2", height),
        card("ZCMPTYPE", "RICE_1"), card("HARPNUM", harp), card("T_REC", instant.strftime("%Y.%m.%d_%H:%M:%S_TAI")),
    ])
    data = table + heap
    return primary + extension + data + b"\0" * (-len(data) % BLOCK)


class NetworkBlocked(AssertionError):
    pass


@contextlib.contextmanager
def no_network():
    """Any attempt to reach the network fails the test."""
    def refuse(*args, **kwargs):
        raise NetworkBlocked(f"a test tried to reach the network: {args[:1]}")
    with unittest.mock.patch.object(urllib.request, "urlopen", refuse), \
            unittest.mock.patch.object(socket, "create_connection", refuse), \
            unittest.mock.patch.object(socket.socket, "connect", refuse):
        yield


class Recorder:
    """Runtime hooks for a test: sleeps are recorded (never slept), the question gets `answer`."""

    def __init__(self, answer=None):
        self.sleeps, self.questions, self.answer = [], [], answer

    def sleep(self, seconds):
        self.sleeps.append(seconds)

    def ask(self, prompt):
        self.questions.append(prompt)
        return self.answer


def run_script(module, argv, server=None, events=(), answer=None, fetch=None):
    """Runs main() with stand-in drms and sunpy modules. Returns (exit status, stdout, stderr, recorder)."""
    import fake_drms
    import fake_sunpy

    recorder = Recorder(answer)
    out, err = io.StringIO(), io.StringIO()
    log = server.log if server is not None else []
    modules = fake_sunpy.modules(list(events), log)
    if server is not None:
        modules["drms"] = fake_drms.module(server)
    else:
        modules["drms"] = None  # importing it fails, as when drms is not installed
    runtime = module.Runtime(sleep=recorder.sleep, fetch=fetch or (server.fetch if server else None),
                             ask=recorder.ask, out=out, err=err)
    with no_network(), unittest.mock.patch.dict(sys.modules, modules):
        status = module.main(argv, runtime)
    return status, out.getvalue(), err.getvalue(), recorder


EMAIL = "me@example.org"
FEB15 = dt.datetime(2011, 2, 15)


class ScriptTest(unittest.TestCase):
    """A fresh copy of the script and an empty output folder for every test."""

    def setUp(self):
        self.script = load_script()
        folder = tempfile.TemporaryDirectory(prefix="download-sharp-test-")
        self.addCleanup(folder.cleanup)
        self.folder = folder.name
        self.sharp = os.path.join(self.folder, "sharp")

    def server(self, harps=(377,), hours=6, **options):
        """A FakeJSOC with `hours` hourly records (12-min cadence) of each HARP from 2011-02-15 00:00."""
        import fake_drms

        server = fake_drms.FakeJSOC(EMAIL)
        for harp in harps:
            server.add_harp(harp, FEB15, FEB15 + dt.timedelta(hours=hours - 1, minutes=48), **options)
        return server

    def argv(self, *extra, harps="377"):
        return ["--email", EMAIL, "--output", self.folder, "--harps", harps,
                "--start", "2011-02-15", "--end", "2011-02-15T23:00", *extra]

    def run_main(self, argv, server=None, **options):
        return run_script(self.script, argv, server=server, **options)

    def sharp_files(self):
        return sorted(os.listdir(self.sharp)) if os.path.isdir(self.sharp) else []

    def exports(self, server):
        return [entry[1] for entry in server.log if entry[0] == "export"]

    def file_fetches(self, server):
        return [entry[1] for entry in server.log if entry[0] == "fetch" and entry[1].endswith(".fits")]
