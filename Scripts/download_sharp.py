#!/usr/bin/env python3
"""Download real SHARP data for FlareKit: SHARP CEA magnetograms, the HARP-to-NOAA table and a GOES flare list.

Writes, into DIR (the layout Datasets' ArchiveIndex, HARPNOAATable and FlareCatalog read, the
same as SyntheticArchive's):

    DIR/sharp/hmi.sharp_cea_720s.<HARPNUM>.<YYYYMMDD_HHMMSS>_TAI.magnetogram.fits
    DIR/all_harps_with_noaa_ars.txt
    DIR/swpc_flarelist.csv

Sources:
  * Magnetograms: JSOC's hmi.sharp_cea_720s series through the `drms` package (pip install drms),
    one export per HARP (with --harps) or per --chunk-days window (without), queries such as
        hmi.sharp_cea_720s[377][2011.02.14_00:00:00_TAI-2011.02.16_00:00:00_TAI@1h]{magnetogram}
    JSOC exports need an e-mail address registered at http://jsoc.stanford.edu/ajax/register_email.html
    (--email, or the JSOC_EMAIL environment variable).
  * HARP-to-NOAA table: http://jsoc.stanford.edu/doc/data/hmi/harpnum_to_noaa/all_harps_with_noaa_ars.txt
  * Flares: the GOES X-ray flares that NOAA SWPC reports, as the Heliophysics Event Knowledgebase
    (HEK) serves them (event type FL, FRM_NAME "SWPC"), through sunpy's HEK client
    (pip install "sunpy[net]"). They are written in NOAA SWPC's event-list CSV layout (a 12-name
    header `date,event_no,start_time,max_time,end_time,goes_sat,goes_channel,goes_class_ind,
    goes_class,integrated_flux,noaa_ar,ts` and 13-field rows with a leading row index), which
    FlareCatalog(swpcEventListAt:) reads. `date` is the UTC day of the start, times are HHMM
    (a peak or end after midnight has a smaller HHMM than the start), `noaa_ar` is the
    five-digit region or blank (flares SWPC gave no region are kept, without one). The flare list
    covers the magnetograms' span plus --flare-margin-days on each side (the labels look 24 h
    ahead and 48 h back).

Order of a run:
  1. Plan: one keyword-only query per export window (T_REC, HARPNUM and the HARP's bounding box,
     no files) gives the record count, the files already in DIR/sharp and an estimated size.
     Above --confirm-above megabytes the script asks before going on (--yes skips the question;
     without a terminal it stops with a message instead).
  2. The small files: the HARP-to-NOAA table, then the flare list (over the planned records' span).
  3. The magnetograms, one JSOC export per window that still lacks files. Every JSOC error is
     handled per window: status 7 (another export of the address is still pending) waits and
     retries a bounded number of times, status 3 (request too large) splits the window in two
     and retries each half, status 4 (bad request) and any other error are reported and the run
     goes on. The export's own file list (by name) says what to download; records JSOC has no
     file for ("NoDataFile") are reported. Each file is downloaded to a temporary name, checked
     and renamed; a file that fails is retried (--retries) and then reported.
  A rerun skips every file already present and valid, so an interrupted download resumes.
  The exit status is 0 when every step succeeded, 1 when anything failed or was refused (the
  failures are listed at the end; rerunning the same command retries them).

A file counts as valid (the checks `flarekit inspect` makes before cfitsio reads a file, reduced
to what tells a complete download from a cut or wrong one): it is not empty, it starts with the
card "SIMPLE  =", its size is a whole number of 2880-byte FITS blocks, walking its HDUs (each
header up to its END card, then the data size its BITPIX, NAXISn, PCOUNT and GCOUNT give,
padded to whole blocks) stays inside the file, and some HDU has data. A tile-compressed SHARP
file is an empty primary HDU and one BINTABLE extension whose heap (PCOUNT) holds the compressed
image, so a file cut short anywhere fails the walk or the last rule; an HTML error page fails the
signature. Pixel values are not decoded.

Examples:
    python3 Scripts/download_sharp.py --dry-run --harps 377-380 --start 2011-02-12 --end 2011-02-17
    python3 Scripts/download_sharp.py --email me@example.org --output data --start 2011-02-12 --end 2011-02-17
    python3 Scripts/download_sharp.py --email me@example.org --output videos --harps 377 \\
        --start 2011-02-12 --end 2011-02-17 --cadence 36m          # Guastavino et al.'s video cadence

Network access is required for everything but --help and --dry-run. Scripts/tests runs this
script offline against stand-ins for drms and sunpy.
"""
import argparse
import collections
import datetime as dt
import math
import os
import re
import sys
import tempfile
import time
import urllib.request

SERIES = "hmi.sharp_cea_720s"
SEGMENT = "magnetogram"
HARP_TABLE_URL = "http://jsoc.stanford.edu/doc/data/hmi/harpnum_to_noaa/all_harps_with_noaa_ars.txt"
HARP_TABLE_NAME = "all_harps_with_noaa_ars.txt"
FLARE_LIST_NAME = "swpc_flarelist.csv"
SHARP_FOLDER = "sharp"
SDO_START = dt.datetime(2010, 5, 1)
SWPC_HEADER = ("date,event_no,start_time,max_time,end_time,goes_sat,goes_channel,goes_class_ind,"
               "goes_class,integrated_flux,noaa_ar,ts")
FILE_NAME = re.compile(r"^hmi\.sharp_cea_720s\.(\d+)\.(\d{8})_(\d{6})_TAI\.magnetogram\.fits$")
CLASS = re.compile(r"^([ABCMX])(\d+(?:\.\d*)?)$")
JSOC_TIME = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})_(\d{2}):(\d{2}):(\d{2})(?:\.\d*)?_TAI$")

# The keyword-only plan query: each record's name and its HARP's disk-transit bounding box,
# from which the CEA map's size follows (CDELT = 0.03 degree in both directions).
PLAN_KEYS = "HARPNUM,T_REC,LONDTMIN,LONDTMAX,LATDTMIN,LATDTMAX"
CEA_DEGREES_PER_PIXEL = 0.03
# A downloaded magnetogram (protocol fits): 20,160 bytes of headers plus the RICE_1-compressed
# 32-bit image, about 1.1 bytes a pixel (HARP 377 on 2011-02-15 02:00 TAI: 744 x 377 pixels in
# 331,200 bytes). Without the bounding box, a record is counted at that file's size.
HEADER_BYTES = 20160
BYTES_PER_PIXEL = 1.1
FALLBACK_RECORD_BYTES = 331200

# JSOC export statuses (jsoc_fetch): 0 done, 1 and 2 pending, 6 not found yet; drms's
# ExportRequest.wait() raises DrmsExportError for every other one.
STATUS_TOO_LARGE = 3
STATUS_BAD_REQUEST = 4
STATUS_PENDING_REQUESTS = 7
EXPORT_POLL_SECONDS = 10
EXPORT_NOTFOUND_RETRIES = 10
PENDING_RETRIES = 10
FITS_BLOCK = 2880
STALE_PREFIX = ".tmp-"

# Errors that end one step but not the run: drms's errors are RuntimeErrors, network and file
# errors OSErrors (urllib's URLError and HTTPError among them), bad JSON or values ValueErrors.
RECOVERABLE = (RuntimeError, OSError, ValueError, KeyError, TypeError)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="See Documentation/RealData.md. Sources, the order of a run and the file check are in this "
               "script's docstring.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", "-o", default="sharp-data", metavar="DIR",
                        help="archive folder (default: sharp-data)")
    parser.add_argument("--harps", metavar="N or N-M",
                        help="a HARP number or an inclusive range, e.g. 377 or 377-400 (default: every HARP)")
    parser.add_argument("--start", metavar="DATE",
                        help="first instant, ISO 8601 (2011-02-12 or 2011-02-12T06:00), read as TAI as JSOC does; "
                             "default 2010-05-01 with --harps, required without")
    parser.add_argument("--end", metavar="DATE", help="last instant (default: now with --harps, required without)")
    parser.add_argument("--cadence", default="1h", metavar="STEP",
                        help="sampling step of T_REC: 1h (default, Bhattacharjee et al.), 36m (Guastavino et al.'s "
                             "videos) or any multiple of 12m such as 12m, 24m, 2h")
    parser.add_argument("--chunk-days", type=int, default=30,
                        help="days per JSOC export request without --harps (default 30)")
    parser.add_argument("--email", default=os.environ.get("JSOC_EMAIL"),
                        help="e-mail address registered with JSOC (default: $JSOC_EMAIL)")
    parser.add_argument("--flare-margin-days", type=float, default=3.0,
                        help="days of flares before and after the magnetograms' span (default 3)")
    parser.add_argument("--skip-magnetograms", action="store_true", help="do not download magnetograms")
    parser.add_argument("--skip-harp-table", action="store_true", help="do not download the HARP-to-NOAA table")
    parser.add_argument("--skip-flares", action="store_true", help="do not download the flare list")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the queries and the files they would write, without network access")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="do not ask before a download larger than --confirm-above")
    parser.add_argument("--confirm-above", type=float, default=1000.0, metavar="MB",
                        help="ask before downloading more than this many megabytes (estimated; default 1000)")
    parser.add_argument("--good-quality-only", action="store_true",
                        help="ask JSOC only for records with 0 <= QUALITY <= 0x10000, the ones flarekit index's "
                             "default QUALITY cut keeps (fewer files; --no-cuts or a looser --max-quality then "
                             "has nothing more to work with)")
    parser.add_argument("--noaa-only", action="store_true",
                        help="ask JSOC only for records with a NOAA region (NOAA_AR > 0); flarekit index keeps "
                             "regions without one as nonflaring samples, so this changes the samples")
    parser.add_argument("--export-timeout", type=float, default=3600.0, metavar="SECONDS",
                        help="longest wait for one JSOC export to be ready (default 3600)")
    parser.add_argument("--pending-wait", type=float, default=120.0, metavar="SECONDS",
                        help="wait before retrying an export JSOC refused because another export of the address "
                             f"was pending (status 7; at most {PENDING_RETRIES} times; default 120)")
    parser.add_argument("--retries", type=int, default=3,
                        help="attempts per file before it is reported as failed (default 3)")
    args = parser.parse_args(argv)

    try:
        args.harp_range = parse_harps(args.harps) if args.harps else None
        args.step_minutes = parse_cadence(args.cadence)
        if args.harp_range is None and (args.start is None or args.end is None) and not args.skip_magnetograms:
            raise ValueError("give --start and --end (or --harps): a query over every HARP needs a date range")
        args.start_time = parse_time(args.start) if args.start else SDO_START
        args.end_time = parse_time(args.end) if args.end else dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        if args.end_time <= args.start_time:
            raise ValueError(f"--end ({args.end_time}) must be after --start ({args.start_time})")
        if args.chunk_days < 1:
            raise ValueError("--chunk-days must be at least 1")
        if args.flare_margin_days < 0:
            raise ValueError("--flare-margin-days must not be negative")
        if args.confirm_above < 0:
            raise ValueError("--confirm-above must not be negative")
        if args.export_timeout <= 0:
            raise ValueError("--export-timeout must be positive")
        if args.pending_wait < 0:
            raise ValueError("--pending-wait must not be negative")
        if args.retries < 1:
            raise ValueError("--retries must be at least 1")
    except ValueError as error:
        parser.error(str(error))
    if not args.dry_run and not args.skip_magnetograms and not args.email:
        parser.error("JSOC exports need a registered e-mail address: --email ADDRESS or JSOC_EMAIL")
    return args


def parse_harps(text):
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", text)
    if not match:
        raise ValueError(f"--harps must be N or N-M, not {text!r}")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise ValueError(f"--harps range {text!r} ends before it starts")
    return first, last


def parse_cadence(text):
    match = re.fullmatch(r"(\d+)\s*(m|h)", text.strip().lower())
    if not match:
        raise ValueError(f"--cadence must look like 1h or 36m, not {text!r}")
    minutes = int(match.group(1)) * (60 if match.group(2) == "h" else 1)
    if minutes <= 0 or minutes % 12:
        raise ValueError(f"--cadence must be a positive multiple of the series' 12 minutes, not {text!r}")
    return minutes


def parse_time(text):
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", ""))
    except ValueError:
        raise ValueError(f"not an ISO 8601 date or instant: {text!r}") from None
    return value.replace(tzinfo=None)


def jsoc_time(instant):
    return instant.strftime("%Y.%m.%d_%H:%M:%S_TAI")


def parse_jsoc_time(text):
    """A T_REC such as 2011.02.15_02:00:00_TAI as a naive datetime (TAI), or None."""
    match = JSOC_TIME.match(str(text).strip())
    if not match:
        return None
    try:
        return dt.datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def cadence_text(minutes):
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


# MARK: Record sets

Window = collections.namedtuple("Window", "harp start end step_minutes filters")


def query_filter(args):
    """The record filter JSOC applies before anything is counted or exported ("" for none)."""
    clauses = []
    if getattr(args, "good_quality_only", False):
        clauses.append("QUALITY >= 0 AND QUALITY <= 65536")
    if getattr(args, "noaa_only", False):
        clauses.append("NOAA_AR > 0")
    return f"[? {' AND '.join(clauses)} ?]" if clauses else ""


def record_set(window, segment=True):
    """The JSOC record-set query of a window, with the magnetogram segment or keyword-only."""
    harp = "" if window.harp is None else str(window.harp)
    span = f"{jsoc_time(window.start)}-{jsoc_time(window.end)}@{cadence_text(window.step_minutes)}"
    text = f"{SERIES}[{harp}][{span}]{window.filters}"
    return text + (f"{{{SEGMENT}}}" if segment else "")


def sharp_windows(args):
    """The export windows: one per HARP with --harps, one per date chunk without."""
    filters = query_filter(args)
    if args.harp_range:
        first, last = args.harp_range
        return [Window(harp, args.start_time, args.end_time, args.step_minutes, filters)
                for harp in range(first, last + 1)]
    windows = []
    chunk = dt.timedelta(days=args.chunk_days)
    start = args.start_time
    while start < args.end_time:
        end = min(start + chunk, args.end_time)
        # Chunks meet at their ends; the step grid restarts at each chunk's start, so keep the
        # chunk length a multiple of the cadence (whole days are, for every divisor of 24 h).
        windows.append(Window(None, start, end, args.step_minutes, filters))
        start = end + dt.timedelta(minutes=args.step_minutes) if end < args.end_time else end
    return windows


def sharp_queries(args):
    """The JSOC record-set queries: one per HARP with --harps, one per date chunk without."""
    return [record_set(window) for window in sharp_windows(args)]


def split_window(window):
    """Two windows that hold the same grid points as `window` between them, or None for one point."""
    step = dt.timedelta(minutes=window.step_minutes)
    points = (window.end - window.start) // step + 1
    if points < 2:
        return None
    first_end = window.start + ((points + 1) // 2 - 1) * step
    return (window._replace(end=first_end), window._replace(start=first_end + step))


def file_name(harp, instant):
    """The name JSOC gives a magnetogram exported with protocol fits."""
    return f"{SERIES}.{harp}.{instant:%Y%m%d_%H%M%S}_TAI.{SEGMENT}.fits"


# MARK: Files

def write_atomically(path, data):
    """Writes bytes to a temporary file next to `path` and renames it over `path`."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=STALE_PREFIX + os.path.basename(path), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def fits_problem(path):
    """None when the file at `path` is a complete FITS file (see the docstring), else what is wrong."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return "missing"
    if size == 0:
        return "empty"
    with open(path, "rb") as file:
        head = file.read(80)
        if not head.startswith(b"SIMPLE  ="):
            return f"not FITS: starts {head[:40]!r}"
        if size % FITS_BLOCK:
            return f"{size} bytes, not a whole number of {FITS_BLOCK}-byte FITS blocks (cut short?)"
        position, hdu, holds_data = 0, 0, False
        while position < size:
            file.seek(position)
            block = file.read(FITS_BLOCK)
            if hdu > 0 and not block.startswith(b"XTENSION"):
                break  # anything after the last HDU is not walked
            cards, ended = {}, False
            while not ended:
                if len(block) < FITS_BLOCK:
                    return f"HDU {hdu}: its header has no END card before the end of the file (cut short?)"
                position += FITS_BLOCK
                for offset in range(0, FITS_BLOCK, 80):
                    card = block[offset:offset + 80].decode("ascii", "replace")
                    keyword = card[:8].strip()
                    if keyword == "END":
                        ended = True
                        break
                    if card[8:9] == "=" and keyword not in cards:
                        cards[keyword] = card[10:].split("/", 1)[0].strip()
                if not ended:
                    block = file.read(FITS_BLOCK)
            try:
                data = data_bytes(cards)
            except ValueError as error:
                return f"HDU {hdu}: {error}"
            padded = (data + FITS_BLOCK - 1) // FITS_BLOCK * FITS_BLOCK
            if position + padded > size:
                return (f"HDU {hdu}: its data need {padded} bytes, the file holds {size - position} "
                        "after its header (cut short?)")
            position += padded
            holds_data = holds_data or data > 0
            hdu += 1
    if not holds_data:
        return "no data: a header without an image or extension after it (cut short?)"
    return None


def data_bytes(cards):
    """The size of an HDU's data: |BITPIX| / 8 x GCOUNT x (PCOUNT + NAXIS1 x ... x NAXISn)."""
    def integer(keyword, default=None):
        text = cards.get(keyword)
        if text is None or text == "":
            if default is None:
                raise ValueError(f"no {keyword}")
            return default
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{keyword} = {text!r} is not an integer") from None

    axes = integer("NAXIS", 0)
    if axes <= 0:
        return 0
    groups = cards.get("GROUPS", "").upper().startswith("T")
    product = 1
    for axis in range(1, axes + 1):
        length = integer(f"NAXIS{axis}")
        if axis == 1 and groups and length == 0:
            continue
        product *= max(length, 0)
    return abs(integer("BITPIX")) // 8 * max(integer("GCOUNT", 1), 0) * (max(integer("PCOUNT", 0), 0) + product)


def is_valid_file(path):
    return fits_problem(path) is None


def fetch_url(url, path, timeout=120):
    """Copies the body of `url` into `path` (urllib; HTTP errors raise)."""
    with urllib.request.urlopen(url, timeout=timeout) as response, open(path, "wb") as file:
        while True:
            chunk = response.read(1 << 20)
            if not chunk:
                break
            file.write(chunk)


def ask_on_terminal(prompt):
    """The answer typed at the terminal, or None when standard input is not one."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    try:
        return input(prompt)
    except EOFError:
        return ""


class Runtime:
    """What the script does to the outside world, replaceable in tests: sleeping, fetching a URL
    into a file, asking a question (None: nobody to ask)."""

    def __init__(self, sleep=time.sleep, fetch=fetch_url, ask=ask_on_terminal, out=None, err=None):
        self.sleep, self.fetch, self.ask = sleep, fetch, ask
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.failures = []

    def say(self, text):
        print(text, file=self.out, flush=True)

    def fail(self, text):
        self.failures.append(text)
        print(text, file=self.err, flush=True)


def download_file(url, path, runtime, attempts):
    """Fetches `url` into `path` through a temporary file, keeping it only when it is valid FITS.
    Returns None on success, else the last problem."""
    folder = os.path.dirname(os.path.abspath(path))
    problem = None
    for attempt in range(1, attempts + 1):
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=STALE_PREFIX + os.path.basename(path), suffix=".part")
        os.close(handle)
        try:
            runtime.fetch(url, temporary)
            problem = fits_problem(temporary)
            if problem is None:
                os.replace(temporary, path)
                return None
        except RECOVERABLE as error:
            problem = f"{type(error).__name__}: {error}"
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)
        if attempt < attempts:
            runtime.sleep(5 * attempt)
    return problem


def remove_stale_temporaries(folder):
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name.startswith(STALE_PREFIX) and name.endswith(".part"):
            try:
                os.remove(os.path.join(folder, name))
            except OSError:
                pass


def span_of_files(folder):
    """The earliest and latest T_REC of the SHARP files in `folder`, from their names."""
    times = []
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        match = FILE_NAME.match(name)
        if match:
            times.append(dt.datetime.strptime(match.group(2) + match.group(3), "%Y%m%d%H%M%S"))
    return (min(times), max(times)) if times else None


def size_text(count):
    return f"{count / 1e9:.2f} GB" if count >= 1e9 else f"{count / 1e6:.1f} MB"


# MARK: Magnetograms

Record = collections.namedtuple("Record", "harp time name estimate")
Plan = collections.namedtuple("Plan", "window records missing")


def column(frame, name, count):
    """A column of a drms result (pandas) as a list; Nones when it is absent."""
    try:
        return list(frame[name])
    except (KeyError, IndexError, TypeError):
        return [None] * count


def finite_number(value):
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def record_estimate(londtmin, londtmax, latdtmin, latdtmax):
    """Estimated bytes of one exported magnetogram of a HARP with this disk-transit bounding box."""
    box = [finite_number(v) for v in (londtmin, londtmax, latdtmin, latdtmax)]
    if None in box or box[1] <= box[0] or box[3] <= box[2]:
        return FALLBACK_RECORD_BYTES
    width = round((box[1] - box[0]) / CEA_DEGREES_PER_PIXEL)
    height = round((box[3] - box[2]) / CEA_DEGREES_PER_PIXEL)
    return int(HEADER_BYTES + BYTES_PER_PIXEL * width * height)


def plan_window(client, window, folder):
    """The records of a window (keyword-only query) and those without a valid file in `folder`."""
    frame = client.query(record_set(window, segment=False), key=PLAN_KEYS)
    count = len(frame) if frame is not None else 0
    if count == 0:
        return Plan(window, [], [])
    harps, times = column(frame, "HARPNUM", count), column(frame, "T_REC", count)
    boxes = [column(frame, key, count) for key in ("LONDTMIN", "LONDTMAX", "LATDTMIN", "LATDTMAX")]
    records = []
    for index in range(count):
        harp, instant = finite_number(harps[index]), parse_jsoc_time(times[index])
        if harp is None or instant is None:
            continue
        harp = int(harp)
        estimate = record_estimate(*(box[index] for box in boxes))
        records.append(Record(harp, instant, file_name(harp, instant), estimate))
    missing = [record for record in records if not is_valid_file(os.path.join(folder, record.name))]
    return Plan(window, records, missing)


def export_status(export, error):
    """The JSOC status of a failed export: the request's, else the "[status=N]" of drms's message."""
    status = getattr(export, "status", None)
    try:
        status = int(status)
    except (TypeError, ValueError):
        status = None
    if status in (None, 0, 1, 2):
        match = re.search(r"\[status=(\d+)\]", str(error))
        if match:
            status = int(match.group(1))
    return status


def run_export(client, window, args, runtime):
    """Exports a window, handling JSOC's error statuses; returns the finished ExportRequests
    (several when the window had to be split)."""
    query = record_set(window)
    pending = 0
    while True:
        runtime.say(f"  export {query}")
        export = None
        try:
            export = client.export(query, method="url", protocol="fits", email=args.email)
            finished = export.wait(timeout=args.export_timeout, sleep=EXPORT_POLL_SECONDS,
                                   retries_notfound=EXPORT_NOTFOUND_RETRIES)
        except RECOVERABLE as error:
            status = export_status(export, error)
            reason = str(error).strip() or type(error).__name__
            if status == STATUS_PENDING_REQUESTS and pending < PENDING_RETRIES:
                pending += 1
                runtime.say(f"  JSOC status 7, another export of {args.email} is still pending: {reason}; "
                            f"retry {pending}/{PENDING_RETRIES} in {args.pending_wait:g} s")
                runtime.sleep(args.pending_wait)
                continue
            if status == STATUS_PENDING_REQUESTS:
                runtime.fail(f"{query}: JSOC kept refusing the export (status 7, exports of {args.email} pending) "
                             f"after {PENDING_RETRIES} retries: {reason}")
                return []
            if status == STATUS_TOO_LARGE:
                halves = split_window(window)
                if halves is None:
                    runtime.fail(f"{query}: JSOC says the request is too large (status 3) and it holds one "
                                 f"record: {reason}")
                    return []
                runtime.say(f"  JSOC status 3, request too large: {reason}; splitting it at "
                            f"{jsoc_time(halves[0].end)}")
                return run_export(client, halves[0], args, runtime) + run_export(client, halves[1], args, runtime)
            if status == STATUS_BAD_REQUEST:
                runtime.fail(f"{query}: JSOC rejected the request (status 4, bad request): {reason}")
                return []
            label = f"status {status}" if status is not None else type(error).__name__
            runtime.fail(f"{query}: export failed ({label}): {reason}")
            return []
        if not finished:
            runtime.fail(f"{query}: export {getattr(export, 'id', None)} not ready after {args.export_timeout:g} s "
                         "(--export-timeout); rerun later")
            return []
        return [export]


def download_export(export, folder, args, runtime):
    """Downloads the files of a finished export that are not already valid in `folder`, by the
    names of its file list. Returns (new, present, failed, without data file, names offered)."""
    urls = export.urls
    count = len(urls)
    names, links = column(urls, "filename", count), column(urls, "url", count)
    data = export.data
    without = sum(1 for name in column(data, "filename", len(data)) if str(name) == "NoDataFile")
    new = present = failed = 0
    for name, url in zip(names, links):
        name = os.path.basename(str(name))
        path = os.path.join(folder, name)
        if is_valid_file(path):
            present += 1
            continue
        problem = download_file(str(url), path, runtime, args.retries)
        if problem is None:
            new += 1
        else:
            failed += 1
            runtime.fail(f"{name}: not downloaded after {args.retries} attempts: {problem}")
    return new, present, failed, without, {os.path.basename(str(name)) for name in names}


def open_client(args, runtime):
    import drms  # lazily: --help, --dry-run and the tests work without it

    try:
        return drms.Client(email=args.email)
    except RECOVERABLE as error:
        runtime.fail(f"JSOC client: {error} (is {args.email} registered at "
                     "http://jsoc.stanford.edu/ajax/register_email.html?)")
        return None


def plan_magnetograms(client, windows, folder, runtime):
    """Step 1: counts the records of every window and the files still missing."""
    plans = []
    for number, window in enumerate(windows, 1):
        runtime.say(f"[{number}/{len(windows)}] {record_set(window, segment=False)}")
        try:
            plan = plan_window(client, window, folder)
        except RECOVERABLE as error:
            runtime.fail(f"{record_set(window, segment=False)}: keyword query failed: {error}")
            continue
        size = sum(record.estimate for record in plan.missing)
        harps = sorted({record.harp for record in plan.records})
        about = f" (HARP {harps[0]})" if len(harps) == 1 else f" ({len(harps)} HARPs)" if harps else ""
        runtime.say(f"  {len(plan.records)} records{about}, {len(plan.records) - len(plan.missing)} already here, "
                    f"{len(plan.missing)} to fetch, about {size_text(size)}")
        plans.append(plan)
    return plans


def confirm(args, records, missing, size, runtime):
    """Step 1's question: True to go on."""
    runtime.say(f"plan: {records} records, {missing} files to fetch, about {size_text(size)}")
    if size <= args.confirm_above * 1e6 or args.yes:
        return True
    answer = runtime.ask(f"Download about {size_text(size)} ({missing} files)? [y/N] ")
    if answer is None:
        runtime.fail(f"refused: about {size_text(size)} to download, more than --confirm-above "
                     f"{args.confirm_above:g} MB, and no terminal to ask; rerun with --yes to go ahead "
                     "(or narrow --harps, --start/--end, --cadence)")
        return False
    if answer.strip().lower() not in ("y", "yes"):
        runtime.fail("nothing downloaded: the download was not confirmed")
        return False
    return True


def download_magnetograms(client, plans, folder, args, runtime):
    """Step 3: one export per window that lacks files. Returns counts: new, failed, absent (planned
    records JSOC delivered no file for, such as NoDataFile rows)."""
    os.makedirs(folder, exist_ok=True)
    remove_stale_temporaries(folder)
    totals = collections.Counter()
    pending = [plan for plan in plans if plan.missing]
    for number, plan in enumerate(pending, 1):
        # Only the span of the missing records (its ends are records of the window's grid).
        times = [record.time for record in plan.missing]
        window = plan.window._replace(start=min(times), end=max(times))
        runtime.say(f"[{number}/{len(pending)}] {len(plan.missing)} files to fetch")
        offered, failures = set(), len(runtime.failures)
        for export in run_export(client, window, args, runtime):
            try:
                new, present, failed, without, names = download_export(export, folder, args, runtime)
            except RECOVERABLE as error:
                runtime.fail(f"export {getattr(export, 'id', None)}: could not read its file list: {error}")
                continue
            offered |= names
            totals.update(new=new, failed=failed)
            note = f", {without} records without a data file (NoDataFile)" if without else ""
            runtime.say(f"  export {getattr(export, 'id', None)}: {new} new, {present} already here, "
                        f"{failed} failed{note}")
        if len(runtime.failures) > failures:
            continue  # an export or a file failed: reported above, rerun to retry
        absent = [r.name for r in plan.missing
                  if r.name not in offered and not is_valid_file(os.path.join(folder, r.name))]
        if absent:
            runtime.say(f"  {len(absent)} planned records got no file from JSOC (first: {absent[0]})")
            totals.update(absent=len(absent))
    return totals


# MARK: HARP table and flares

def download_harp_table(path, runtime=None):
    runtime = runtime or Runtime()
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=STALE_PREFIX + os.path.basename(path), suffix=".part")
    os.close(handle)
    try:
        runtime.fetch(HARP_TABLE_URL, temporary)
        with open(temporary, "rb") as file:
            data = file.read()
        if not data.startswith(b"HARPNUM"):
            raise RuntimeError(f"{HARP_TABLE_URL} did not return the HARP table (it starts {data[:40]!r})")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return data.count(b"\n") - 1


def mask_errors():
    try:
        import numpy
        return (numpy.ma.MaskError,)
    except (ImportError, AttributeError):
        return ()


def is_masked(value):
    """True for a masked table value (sunpy 7's HEK results mask what HEK left empty)."""
    mask = getattr(value, "mask", None)
    if mask is None:
        return False
    try:
        return bool(mask)
    except ValueError:  # an array of flags: masked when every one is set
        return all(bool(flag) for flag in mask)


def noaa_region(value):
    """The five-digit NOAA region of a HEK ar_noaanum, or None (missing, masked, zero, not a number)."""
    if value is None or is_masked(value):
        return None
    try:
        region = int(value)
    except (TypeError, ValueError, OverflowError) + mask_errors():
        return None
    if region <= 0:
        return None
    # SWPC's four-digit numbers: every SDO-era region is above 10000.
    return region + 10000 if region < 10000 else region


def text_value(value):
    return "" if value is None or is_masked(value) else str(value).strip()


def hek_flares(start, end):
    """GOES flares reported by NOAA SWPC, from HEK: (start, peak, end, class, NOAA region or None).
    Returns (events, rows left out for a missing class or time)."""
    from sunpy.net import attrs as a  # lazily
    from sunpy.net import hek

    client = hek.HEKClient()
    table = client.search(a.Time(start, end), a.hek.EventType("FL"), a.hek.FRM.Name == "SWPC")
    events, unreadable = [], 0
    for row in table:
        flare_class = text_value(row["fl_goescls"]).upper()
        if not CLASS.match(flare_class):
            unreadable += 1
            continue
        try:
            times = [as_datetime(row[key]) for key in ("event_starttime", "event_peaktime", "event_endtime")]
        except (TypeError, ValueError, AttributeError) + mask_errors():
            unreadable += 1
            continue
        events.append((*times, flare_class, noaa_region(row["ar_noaanum"])))
    return sorted(set(events)), unreadable


def as_datetime(value):
    if value is None or is_masked(value):
        raise ValueError("no time")
    if hasattr(value, "to_datetime"):
        value = value.to_datetime()
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value).replace("Z", ""))
    return value.replace(tzinfo=None, second=0, microsecond=0)


def swpc_event_list(events):
    """The events in the NOAA SWPC event-list CSV layout FlareCatalog(swpcEventListAt:) reads."""
    lines = [SWPC_HEADER]
    sequence_day, sequence, skipped = None, 0, 0
    for start, peak, end, flare_class, region in events:
        if peak - start >= dt.timedelta(days=1) or end - start >= dt.timedelta(days=1) or end < peak:
            skipped += 1
            continue
        day = start.strftime("%Y%m%d")
        sequence = sequence + 1 if day == sequence_day else 1
        sequence_day = day
        letter = flare_class[0]
        magnitude = float(flare_class[1:])
        fields = [str(len(lines) - 1), day, f"{sequence:4d}", start.strftime("%H%M"), peak.strftime("%H%M"),
                  end.strftime("%H%M"), "   ", "1-8A", letter, f"{letter}{magnitude:.1f}", "       ",
                  f"{region:05d}" if region is not None else "     ", day + start.strftime("%H%M")]
        lines.append(",".join(fields))
    return "\n".join(lines) + "\n", skipped


def download_flares(folder, start, end, runtime):
    events, unreadable = hek_flares(start, end)
    text, skipped = swpc_event_list(events)
    path = os.path.join(folder, FLARE_LIST_NAME)
    write_atomically(path, text.encode("ascii"))
    kept = len(events) - skipped
    without = sum(1 for event in events if event[4] is None)
    notes = [f"{without} without a NOAA region"] if without else []
    if skipped:
        notes.append(f"{skipped} events of a day or longer left out")
    if unreadable:
        notes.append(f"{unreadable} HEK rows without a GOES class or time left out")
    note = f" ({'; '.join(notes)})" if notes else ""
    runtime.say(f"flares: {kept} GOES events from {start:%Y-%m-%d} to {end:%Y-%m-%d} in {path}{note}")


# MARK: Main

def main(argv=None, runtime=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    runtime = runtime or Runtime()
    folder = os.path.abspath(args.output)
    sharp = os.path.join(folder, SHARP_FOLDER)
    windows = [] if args.skip_magnetograms else sharp_windows(args)
    margin = dt.timedelta(days=args.flare_margin_days)

    if args.dry_run:  # in the order of a run
        for window in windows:
            runtime.say(f"JSOC keyword query (record count, size estimate): {record_set(window, segment=False)}")
        if not args.skip_harp_table:
            runtime.say(f"HTTP GET {HARP_TABLE_URL}\n  -> {os.path.join(folder, HARP_TABLE_NAME)}")
        if not args.skip_flares:
            runtime.say(f"HEK search (sunpy): event type FL, FRM_NAME SWPC, from {args.start_time - margin:%Y-%m-%d %H:%M} "
                        f"to {args.end_time + margin:%Y-%m-%d %H:%M} UTC (or the magnetograms' span plus the margin)"
                        f"\n  -> {os.path.join(folder, FLARE_LIST_NAME)}")
        for window in windows:
            runtime.say(f"JSOC export (drms, method=url, protocol=fits): {record_set(window)}")
        if windows:
            runtime.say(f"  -> {sharp}/{SERIES}.<HARPNUM>.<YYYYMMDD_HHMMSS>_TAI.{SEGMENT}.fits")
        return 0

    os.makedirs(folder, exist_ok=True)
    client, plans = None, []
    if windows:
        client = open_client(args, runtime)
        if client is not None:
            plans = plan_magnetograms(client, windows, sharp, runtime)
            records = sum(len(plan.records) for plan in plans)
            missing = sum(len(plan.missing) for plan in plans)
            size = sum(record.estimate for plan in plans for record in plan.missing)
            if not confirm(args, records, missing, size, runtime):
                return 1

    if not args.skip_harp_table:
        path = os.path.join(folder, HARP_TABLE_NAME)
        try:
            count = download_harp_table(path, runtime)
            runtime.say(f"HARP table: {count} HARPs in {path}")
        except RECOVERABLE as error:
            runtime.fail(f"HARP table: {error}")
    if not args.skip_flares:
        times = [record.time for plan in plans for record in plan.records]
        span = span_of_files(sharp)
        if span:
            times += list(span)
        start, end = (min(times), max(times)) if times else (args.start_time, args.end_time)
        try:
            download_flares(folder, start - margin, end + margin, runtime)
        except RECOVERABLE as error:
            runtime.fail(f"flares: {error}")

    if plans:
        totals = download_magnetograms(client, plans, sharp, args, runtime)
        present = sum(len(plan.records) - len(plan.missing) for plan in plans)
        runtime.say(f"magnetograms: {totals['new']} new files, {present} already present, "
                    f"{totals['failed']} failed, {totals['absent']} records without a file in {sharp}")
    if runtime.failures:
        print(f"{len(runtime.failures)} problems (above); rerun the same command to retry: files already "
              "present and valid are not fetched again", file=runtime.err, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
