"""A stand-in for sunpy's HEK client (sunpy.net.hek.HEKClient and sunpy.net.attrs), for offline tests.

HEKClient().search(...) returns the rows a test gives, each a mapping from HEK column names to
values, as the rows of sunpy's HEKTable are. Since sunpy 7 a value HEK left empty comes back
masked: numpy.ma.masked, whose int() raises numpy.ma.MaskError. MASKED is that value when numpy
is installed, else a stand-in with the same behaviour (a true `mask`, False as a bool, "--" as
text, int() raising a MaskError). Times are objects with to_datetime(), as astropy Time.
"""
import datetime as dt
import types

try:
    import numpy
    MASKED = numpy.ma.masked
    MaskError = numpy.ma.MaskError
except ImportError:  # a bare Python: the same behaviour without numpy
    numpy = None

    class MaskError(Exception):
        pass

    class _MaskedConstant:
        mask = True

        def __bool__(self):
            return False

        def __str__(self):
            return "--"

        def __int__(self):
            raise MaskError("Cannot convert masked element to a Python int.")

        def __float__(self):
            return float("nan")

        def __index__(self):
            raise MaskError("Cannot convert masked element to a Python int.")

    MASKED = _MaskedConstant()


class Time:
    """The part of astropy.time.Time the script uses."""

    def __init__(self, instant):
        self.instant = instant

    def to_datetime(self):
        return self.instant


def flare(start, peak, end, goes_class, region):
    """A HEK row of a SWPC flare; `region` may be an int, 0, None or MASKED."""
    return {"event_starttime": Time(start), "event_peaktime": Time(peak), "event_endtime": Time(end),
            "fl_goescls": goes_class, "ar_noaanum": region, "frm_name": "SWPC"}


class _Field:
    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        return (self.name, other)

    __hash__ = object.__hash__


def modules(rows, log):
    """The sunpy, sunpy.net, sunpy.net.attrs and sunpy.net.hek modules; searches go into `log`."""
    sunpy = types.ModuleType("sunpy")
    net = types.ModuleType("sunpy.net")
    attrs = types.ModuleType("sunpy.net.attrs")
    hek = types.ModuleType("sunpy.net.hek")

    class TimeRange:
        def __init__(self, start, end):
            self.start, self.end = start, end

    attrs.Time = TimeRange
    attrs.hek = types.SimpleNamespace(EventType=lambda name: ("EventType", name),
                                      FRM=types.SimpleNamespace(Name=_Field("FRM_Name")))

    class HEKClient:
        def search(self, *arguments):
            times = [a for a in arguments if isinstance(a, TimeRange)]
            log.append(("hek", (times[0].start, times[0].end) if times else None))
            return list(rows)

    hek.HEKClient = HEKClient
    sunpy.net, net.attrs, net.hek = net, attrs, hek
    return {"sunpy": sunpy, "sunpy.net": net, "sunpy.net.attrs": attrs, "sunpy.net.hek": hek}


def day(text):
    return dt.datetime.fromisoformat(text)
