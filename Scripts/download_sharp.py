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
    (--email, or the JSOC_EMAIL environment variable). Files already present are not downloaded again.
  * HARP-to-NOAA table: http://jsoc.stanford.edu/doc/data/hmi/harpnum_to_noaa/all_harps_with_noaa_ars.txt
  * Flares: the GOES X-ray flares that NOAA SWPC reports, as the Heliophysics Event Knowledgebase
    (HEK) serves them (event type FL, FRM_NAME "SWPC"), through sunpy's HEK client
    (pip install "sunpy[net]"). They are written in NOAA SWPC's event-list CSV layout (a 12-name
    header `date,event_no,start_time,max_time,end_time,goes_sat,goes_channel,goes_class_ind,
    goes_class,integrated_flux,noaa_ar,ts` and 13-field rows with a leading row index), which
    FlareCatalog(swpcEventListAt:) reads. `date` is the UTC day of the start, times are HHMM
    (a peak or end after midnight has a smaller HHMM than the start), `noaa_ar` is the
    five-digit region or blank. The flare list covers the magnetograms' span plus --flare-margin-days
    on each side (the labels look 24 h ahead and 48 h back).

Examples:
    python3 Scripts/download_sharp.py --dry-run --harps 377-380 --start 2011-02-12 --end 2011-02-17
    python3 Scripts/download_sharp.py --email me@example.org --output data --start 2011-02-12 --end 2011-02-17
    python3 Scripts/download_sharp.py --email me@example.org --output videos --harps 377 \\
        --start 2011-02-12 --end 2011-02-17 --cadence 36m          # Guastavino et al.'s video cadence

Network access is required for everything but --help and --dry-run; no test runs this script.
"""
import argparse
import datetime as dt
import os
import re
import sys
import tempfile
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


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="See Documentation/RealData.md. Sources and file formats are in this script's docstring.",
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


def cadence_text(minutes):
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def sharp_queries(args):
    """The JSOC record-set queries: one per HARP with --harps, one per date chunk without."""
    window = f"{jsoc_time(args.start_time)}-{jsoc_time(args.end_time)}@{cadence_text(args.step_minutes)}"
    if args.harp_range:
        first, last = args.harp_range
        return [f"{SERIES}[{harp}][{window}]{{{SEGMENT}}}" for harp in range(first, last + 1)]
    queries = []
    chunk = dt.timedelta(days=args.chunk_days)
    start = args.start_time
    while start < args.end_time:
        end = min(start + chunk, args.end_time)
        # Chunks meet at their ends; the step grid restarts at each chunk's start, so keep the
        # chunk length a multiple of the cadence (whole days are, for every divisor of 24 h).
        queries.append(f"{SERIES}[][{jsoc_time(start)}-{jsoc_time(end)}@{cadence_text(args.step_minutes)}]{{{SEGMENT}}}")
        start = end + dt.timedelta(minutes=args.step_minutes) if end < args.end_time else end
    return queries


def write_atomically(path, data):
    """Writes bytes to a temporary file next to `path` and renames it over `path`."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-" + os.path.basename(path))
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def download_magnetograms(args, queries, folder):
    import drms  # lazily: --help and --dry-run work without it

    client = drms.Client(email=args.email)
    os.makedirs(folder, exist_ok=True)
    total = 0
    for number, query in enumerate(queries, 1):
        print(f"[{number}/{len(queries)}] {query}", flush=True)
        records = client.query(query, key="T_REC")
        if len(records) == 0:
            print("  no records", flush=True)
            continue
        export = client.export(query, method="url", protocol="fits")
        export.wait()
        if export.status != 0:
            print(f"  export failed with status {export.status}; skipped", file=sys.stderr, flush=True)
            continue
        # JSOC names the files hmi.sharp_cea_720s.<HARP>.<YYYYMMDD_HHMMSS>_TAI.magnetogram.fits.
        wanted = [i for i, name in enumerate(export.data["filename"])
                  if not os.path.exists(os.path.join(folder, name))]
        if wanted:
            export.download(folder, index=wanted)
        print(f"  {len(records)} records, {len(wanted)} new files", flush=True)
        total += len(wanted)
    return total


def span_of_files(folder):
    """The earliest and latest T_REC of the SHARP files in `folder`, from their names."""
    times = []
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        match = FILE_NAME.match(name)
        if match:
            times.append(dt.datetime.strptime(match.group(2) + match.group(3), "%Y%m%d%H%M%S"))
    return (min(times), max(times)) if times else None


def download_harp_table(path):
    with urllib.request.urlopen(HARP_TABLE_URL, timeout=120) as response:
        data = response.read()
    if not data.startswith(b"HARPNUM"):
        raise RuntimeError(f"{HARP_TABLE_URL} did not return the HARP table (it starts {data[:40]!r})")
    write_atomically(path, data)
    return data.count(b"\n") - 1


def hek_flares(start, end):
    """GOES flares reported by NOAA SWPC, from HEK: (start, peak, end, class, NOAA region or None)."""
    from sunpy.net import attrs as a  # lazily
    from sunpy.net import hek

    client = hek.HEKClient()
    table = client.search(a.Time(start, end), a.hek.EventType("FL"), a.hek.FRM.Name == "SWPC")
    events = []
    for row in table:
        flare_class = str(row["fl_goescls"] or "").strip().upper()
        if not CLASS.match(flare_class):
            continue
        region = row["ar_noaanum"]
        try:
            region = int(region)
        except (TypeError, ValueError):
            region = None
        if region is not None and region <= 0:
            region = None
        elif region is not None and region < 10000:
            region += 10000  # SWPC's four-digit numbers: every SDO-era region is above 10000
        events.append((as_datetime(row["event_starttime"]), as_datetime(row["event_peaktime"]),
                       as_datetime(row["event_endtime"]), flare_class, region))
    return sorted(set(events))


def as_datetime(value):
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


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    folder = os.path.abspath(args.output)
    sharp = os.path.join(folder, SHARP_FOLDER)
    queries = [] if args.skip_magnetograms else sharp_queries(args)
    margin = dt.timedelta(days=args.flare_margin_days)

    if args.dry_run:
        for query in queries:
            print(f"JSOC export (drms, method=url, protocol=fits): {query}")
        if queries:
            print(f"  -> {sharp}/{SERIES}.<HARPNUM>.<YYYYMMDD_HHMMSS>_TAI.{SEGMENT}.fits")
        if not args.skip_harp_table:
            print(f"HTTP GET {HARP_TABLE_URL}\n  -> {os.path.join(folder, HARP_TABLE_NAME)}")
        if not args.skip_flares:
            print(f"HEK search (sunpy): event type FL, FRM_NAME SWPC, from {args.start_time - margin:%Y-%m-%d %H:%M} "
                  f"to {args.end_time + margin:%Y-%m-%d %H:%M} UTC (or the downloaded files' span plus the margin)"
                  f"\n  -> {os.path.join(folder, FLARE_LIST_NAME)}")
        return 0

    os.makedirs(folder, exist_ok=True)
    if queries:
        new = download_magnetograms(args, queries, sharp)
        print(f"magnetograms: {new} new files in {sharp}")
    if not args.skip_harp_table:
        count = download_harp_table(os.path.join(folder, HARP_TABLE_NAME))
        print(f"HARP table: {count} HARPs in {os.path.join(folder, HARP_TABLE_NAME)}")
    if not args.skip_flares:
        span = span_of_files(sharp)
        start, end = span if span else (args.start_time, args.end_time)
        events = hek_flares(start - margin, end + margin)
        text, skipped = swpc_event_list(events)
        path = os.path.join(folder, FLARE_LIST_NAME)
        write_atomically(path, text.encode("ascii"))
        note = f" ({skipped} events of a day or longer left out)" if skipped else ""
        print(f"flares: {len(events) - skipped} GOES events from {start - margin:%Y-%m-%d} to {end + margin:%Y-%m-%d} "
              f"in {path}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
