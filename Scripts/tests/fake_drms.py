"""A stand-in for the `drms` package and the JSOC server behind it, for offline tests.

It reproduces what download_sharp.py depends on, as drms (sunpy/drms, client.py) does it:
  * Client(email=...) refuses an address JSOC does not know (ValueError).
  * Client.query(ds, key=...) returns a table with one column per keyword.
  * Client.export(ds, method, protocol, email) returns an ExportRequest carrying the status JSOC
    answered; it never raises for an error status itself.
  * ExportRequest.wait(timeout, sleep, retries_notfound) returns True when the export is done,
    False when `timeout` passes first, and raises DrmsExportError("... [status=N]") for any status
    other than 0 (done) and 1, 2, 6 (pending). A pending export waited on without a timeout would
    poll forever: here that fails the test.
  * .data lists every record with its file name, "NoDataFile" for a record JSOC has no file for;
    .urls is the same list without those rows, plus each file's URL.
  * .download(directory, index=...) picks rows of .urls by position (so a NoDataFile row shifts
    every later position relative to .data), writes to the next free name (name.1, ...) when a
    file is there, and swallows HTTP errors (its 'download' column is None for those).
The server side (FakeJSOC) holds the records, scripts the statuses of successive exports and the
failures of file downloads, serves the files' bytes and logs every call.
"""
import collections
import datetime as dt
import os
import re
import types
import urllib.error

from support import sharp_fits

SERIES = "hmi.sharp_cea_720s"
HARP_TABLE_URL = "http://jsoc.stanford.edu/doc/data/hmi/harpnum_to_noaa/all_harps_with_noaa_ars.txt"
HARP_TABLE = b"HARPNUM NOAA_ARS\n377 11158\n378 11159\n401 11160,11161\n"
DOWNLOAD_BASE = "http://jsoc.stanford.edu/SUM"
RECORD_SET = re.compile(r"^hmi\.sharp_cea_720s\[(\d*)\]\[([^\]@]+)-([^\]@]+)@(\d+)([mh])\]"
                        r"(\[\?(?P<filter>.*?)\?\])?(?P<segment>\{magnetogram\})?$")
MESSAGES = {
    3: "Request exceeds max byte limit of 100000MB",
    4: "Cannot export series with no data segments or bad record-set specification",
    7: "User {email} has 1 pending export requests (JSOC_20240101_000_X_IN), please wait until they "
       "complete before submitting a new one.",
}


def jsoc_time(instant):
    return instant.strftime("%Y.%m.%d_%H:%M:%S_TAI")


def parse_time(text):
    return dt.datetime.strptime(text, "%Y.%m.%d_%H:%M:%S_TAI")


def file_name(harp, instant):
    return f"{SERIES}.{harp}.{instant:%Y%m%d_%H%M%S}_TAI.magnetogram.fits"


class DrmsError(RuntimeError):
    pass


class DrmsQueryError(DrmsError):
    pass


class DrmsExportError(DrmsError):
    pass


class Frame:
    """The little of a pandas DataFrame the script uses: len() and a column as an iterable."""

    def __init__(self, columns):
        self.columns = collections.OrderedDict((name, list(values)) for name, values in columns.items())

    def __len__(self):
        return len(next(iter(self.columns.values()), []))

    def __getitem__(self, name):
        return list(self.columns[name])

    def rows(self):
        names = list(self.columns)
        return [dict(zip(names, values)) for values in zip(*self.columns.values())]


class FakeJSOC:
    """The server: records, scripted export statuses and file failures, and a log of calls."""

    def __init__(self, email="me@example.org"):
        self.registered = {email}
        self.records = []
        self.no_data = set()           # file names JSOC has no file for (NoDataFile rows)
        self.statuses = []             # statuses of the next exports, in order (then 0)
        self.max_export_records = None  # larger exports get status 3
        self.never_ready = 0           # this many next exports stay pending (status 1) forever
        self.failures = {}             # file name -> [kind, count]: 'http', 'truncated' or 'html'
        self.log = []
        self.exports = 0

    # Records

    def add_harp(self, harp, start, end, step_minutes=12, box=(-10.0, 10.0, -6.0, 6.0), quality=0, noaa=11158):
        instant = start
        while instant <= end:
            self.records.append({
                "HARPNUM": harp, "T_REC": jsoc_time(instant), "time": instant, "QUALITY": quality,
                "NOAA_AR": noaa, "LONDTMIN": box[0], "LONDTMAX": box[1], "LATDTMIN": box[2], "LATDTMAX": box[3],
            })
            instant += dt.timedelta(minutes=step_minutes)

    def select(self, ds):
        match = RECORD_SET.match(ds)
        if not match:
            raise DrmsQueryError(f"Bad record-set subset specification [status=1]: {ds}")
        harp = int(match.group(1)) if match.group(1) else None
        start, end = parse_time(match.group(2)), parse_time(match.group(3))
        step = dt.timedelta(minutes=int(match.group(4)) * (60 if match.group(5) == "h" else 1))
        clauses = match.group("filter") or ""
        chosen = []
        for record in sorted(self.records, key=lambda r: (r["HARPNUM"], r["time"])):
            if harp is not None and record["HARPNUM"] != harp:
                continue
            if not start <= record["time"] <= end or (record["time"] - start) % step:
                continue
            if "QUALITY" in clauses and not 0 <= record["QUALITY"] <= 65536:
                continue
            if "NOAA_AR > 0" in clauses and not record["NOAA_AR"] > 0:
                continue
            chosen.append(record)
        return chosen, bool(match.group("segment"))

    def names(self):
        return {file_name(r["HARPNUM"], r["time"]): r for r in self.records}

    def content(self, name):
        record = self.names()[name]
        return sharp_fits(record["HARPNUM"], record["time"])

    # Files

    def fail(self, name, kind="http", count=10 ** 6):
        self.failures[name] = [kind, count]

    def fetch(self, url, path):
        """The script's Runtime.fetch: the bytes behind a URL into `path`, or an HTTP error."""
        self.log.append(("fetch", url))
        if url == HARP_TABLE_URL:
            with open(path, "wb") as file:
                file.write(HARP_TABLE)
            return
        if not url.startswith(DOWNLOAD_BASE):
            raise urllib.error.URLError(f"no such host in this test: {url}")
        name = url.rsplit("/", 1)[-1]
        if name not in self.names():
            raise urllib.error.HTTPError(url, 404, "Not Found", None, None)
        data = self.content(name)
        failure = self.failures.get(name)
        if failure and failure[1] > 0:
            failure[1] -= 1
            if failure[0] == "http":
                raise urllib.error.HTTPError(url, 503, "Service Unavailable", None, None)
            if failure[0] == "truncated":
                data = data[:len(data) - 2880]  # whole blocks: only the HDU walk sees it
            elif failure[0] == "html":
                data = b"<html><body>Export directory not found</body></html>\n"
        with open(path, "wb") as file:
            file.write(data)

    # Exports

    def new_export(self, ds, method, protocol, email):
        self.exports += 1
        self.log.append(("export", ds))
        records, _ = self.select(ds)
        number = self.exports
        if self.statuses:
            status = self.statuses.pop(0)
        elif self.max_export_records is not None and len(records) > self.max_export_records:
            status = 3
        elif self.never_ready > 0:
            self.never_ready -= 1
            status = 1
        else:
            status = 0
        d = {"status": status, "requestid": f"JSOC_20240101_{number:03d}", "method": method, "protocol": protocol,
             "dir": f"/SUM{number}/D{number}/S00000", "wait": 5}
        if status in MESSAGES:
            d["error"] = MESSAGES[status].format(email=email)
        if status == 0:
            d["data"] = [{"record": f"{SERIES}[{r['HARPNUM']}][{r['T_REC']}]",
                          "filename": "NoDataFile" if file_name(r["HARPNUM"], r["time"]) in self.no_data
                          else file_name(r["HARPNUM"], r["time"])} for r in records]
        return d


def module(server):
    """A `drms` module object bound to `server`."""
    drms = types.ModuleType("drms")
    drms.DrmsError, drms.DrmsQueryError, drms.DrmsExportError = DrmsError, DrmsQueryError, DrmsExportError

    class ExportRequest:
        _status_code_ok = 0
        _status_code_notfound = 6
        _status_codes_pending = [1, 2, 6]
        _status_codes_ok_or_pending = [0, 1, 2, 6]

        def __init__(self, d):
            self._d = d
            self._status = int(d["status"])
            self._requestid = d.get("requestid")

        @property
        def id(self):
            return self._requestid

        @property
        def status(self):
            return self._status

        def has_finished(self, skip_update=False):
            return self._status not in self._status_codes_pending

        def _raise_on_error(self):
            if self._status in self._status_codes_ok_or_pending:
                return
            message = self._d.get("error") or "DRMS export request failed."
            raise DrmsExportError(f"{message} [status={self._status}]")

        def wait(self, timeout=None, sleep=5, retries_notfound=5, verbose=None):
            server.log.append(("wait", {"timeout": timeout, "sleep": sleep, "retries_notfound": retries_notfound}))
            if self.has_finished():
                self._raise_on_error()
                return True
            if timeout is None:
                raise AssertionError("ExportRequest.wait() without a timeout polls a pending export forever")
            return False

        @property
        def data(self):
            if self.has_finished():
                self._raise_on_error()
            else:
                self.wait()
            rows = self._d.get("data") or []
            return Frame({"record": [r["record"] for r in rows], "filename": [r["filename"] for r in rows]})

        @property
        def urls(self):
            data = self.data.rows()
            rows = [r for r in data if r["filename"] != "NoDataFile"]
            return Frame({"record": [r["record"] for r in rows], "filename": [r["filename"] for r in rows],
                          "url": [f"{DOWNLOAD_BASE}{self._d['dir'][4:]}/{r['filename']}" for r in rows]})

        def download(self, directory, index=None, fname_from_rec=None, verbose=None):
            if not os.path.isdir(directory):
                raise OSError(f"Download directory {directory} does not exist")
            self.wait()
            rows = self.urls.rows()
            if index is not None:
                index = [index] if isinstance(index, int) else list(index)
                rows = [rows[i] for i in index]  # positions in .urls, as pandas' iloc
            downloads = []
            for row in rows:
                path = os.path.join(directory, row["filename"])
                target, number = path, 1
                while os.path.exists(target):
                    target, number = f"{path}.{number}", number + 1
                try:
                    server.fetch(row["url"], target)
                except (urllib.error.HTTPError, urllib.error.URLError):
                    target = None
                downloads.append(target)
            return Frame({"record": [r["record"] for r in rows], "url": [r["url"] for r in rows],
                          "download": downloads})

    class Client:
        def __init__(self, server_name="jsoc", email=None, verbose=False, debug=False):
            if email is not None and email not in server.registered:
                raise ValueError("Email address is invalid or not registered")
            self.email = email

        def query(self, ds, key=None, seg=None, link=None, convert_numeric=True, skip_conversion=None,
                  pkeys=False, rec_index=False, n=None):
            server.log.append(("query", ds))
            records, _ = server.select(ds)
            keys = [k.strip() for k in (key or "").split(",") if k.strip()]
            return Frame({k: [r.get(k, float("nan")) for r in records] for k in keys})

        def export(self, ds, method="url_quick", protocol="as-is", protocol_args=None, filenamefmt=None, n=None,
                   email=None, requestor=None, process=None):
            email = email or self.email
            if email is None:
                raise ValueError("The email argument is required, when no default email address was set")
            return ExportRequest(server.new_export(ds, method, protocol, email))

    drms.Client, drms.ExportRequest = Client, ExportRequest
    return drms
