#!/usr/bin/env python3
"""Writes the small hand-made seeds of the fuzz targets (standard library only).

    python3 Fuzz/Seeds/make_seeds.py

Each target's seeds are Fuzz/Seeds/TARGET/ plus the real files Scripts/fuzz.sh adds from
../shared/data and Tests/Fixtures. The checkpoint seed (safetensors/checkpoint-tiny.safetensors)
is written by the interruption trainer instead: see Fuzz/Seeds/README.md.
"""
import gzip
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(HERE, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# FITS ---------------------------------------------------------------------------------------

def card(keyword, value):
    image = keyword.ljust(8) + "= " + (value.rjust(20) if len(value) < 20 else value)
    return image.ljust(80)


def block(cards):
    text = "".join(cards) + "END".ljust(80)
    text += " " * (-len(text) % 2880)
    return text.encode("ascii")


def pad(data):
    return data + b"\0" * (-len(data) % 2880)


def image(bitpix, width, height, values, cards=()):
    fmt = {8: "B", 16: "h", 32: "i", 64: "q", -32: "f", -64: "d"}[bitpix]
    header = [card("SIMPLE", "T"), card("BITPIX", str(bitpix)), card("NAXIS", "2"),
              card("NAXIS1", str(width)), card("NAXIS2", str(height))] + list(cards)
    return block(header) + pad(struct.pack(">%d%s" % (len(values), fmt), *values))


def xrs(samples, date_cards):
    """An SDAC-style GOES XRS file: FLUXES table with TIME[N] (D) and FLUX[2N] (E, TDIM (2,N))."""
    primary = block([card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("EXTEND", "T"),
                     card("TELESCOP", "'GOES 15 '")] + date_cards)
    edges = block([card("XTENSION", "'BINTABLE'"), card("BITPIX", "8"), card("NAXIS", "2"),
                   card("NAXIS1", "16"), card("NAXIS2", "1"), card("PCOUNT", "0"), card("GCOUNT", "1"),
                   card("TFIELDS", "1"), card("EXTNAME", "'EDGES   '"), card("TFORM1", "'4E      '"),
                   card("TTYPE1", "'EDGES   '"), card("TDIM1", "'(2,2)   '")]) + pad(struct.pack(">4f", 1, 8, 0.5, 4))
    times = [2.048 * i for i in range(samples)]
    fluxes = []
    for i in range(samples):
        fluxes += [1e-6 * (1 + i % 5), 1e-7 * (1 + i % 3)] if i != 3 else [-99999.0, -99999.0]
    table = block([card("XTENSION", "'BINTABLE'"), card("BITPIX", "8"), card("NAXIS", "2"),
                   card("NAXIS1", str(16 * samples)), card("NAXIS2", "1"), card("PCOUNT", "0"),
                   card("GCOUNT", "1"), card("TFIELDS", "2"), card("TIMEZERO", "55719"),
                   card("EXTNAME", "'FLUXES  '"), card("TFORM1", "'%dD'" % samples), card("TTYPE1", "'TIME    '"),
                   card("TUNIT1", "'s       '"), card("TFORM2", "'%dE'" % (2 * samples)),
                   card("TTYPE2", "'FLUX    '"), card("TDIM2", "'(2,%d)'" % samples),
                   card("TUNIT2", "'W /m**2 '")])
    data = struct.pack(">%dd" % samples, *times) + struct.pack(">%df" % (2 * samples), *fluxes)
    return primary + edges + table + pad(data)


small = image(16, 4, 3, list(range(-6, 6)), [card("BSCALE", "2.0"), card("BZERO", "10.0"), card("BLANK", "-6")])
write("fits", "int16_scaled.fits", small)
write("fits", "float32.fits", image(-32, 3, 2, [0.5, float("nan"), float("inf"), -1.0, 2.0, 3.0]))
write("fits", "int16_scaled.fits.gz", gzip.compress(small, mtime=0))
write("fits", "empty_primary_then_image.fits",
      block([card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("EXTEND", "T")])
      + block([card("XTENSION", "'IMAGE   '"), card("BITPIX", "8"), card("NAXIS", "2"), card("NAXIS1", "2"),
               card("NAXIS2", "2"), card("PCOUNT", "0"), card("GCOUNT", "1")]) + pad(bytes([1, 2, 3, 4])))
write("goes-xrs", "xrs_small_ddmmyyyy.fits", xrs(8, [card("DATE-OBS", "'07/06/2011'")]))
write("goes-xrs", "xrs_small_timezero.fits", xrs(5, []))

# Text catalogues ----------------------------------------------------------------------------

write("plain-csv", "flares.csv",
      "start,peak,end,class,noaa_ar\n"
      "2011-02-13T17:28:00Z,2011-02-13T17:38:00Z,2011-02-13T17:47:00Z,M6.6,11158\n"
      "2011-02-15T01:44:00Z,2011-02-15T01:56:00Z,2011-02-15T02:06:00Z,X2.2,11158\n"
      "2011-03-09 23:13:00.250,2011-03-09 23:23,2011-03-09T23:29:00+01:00,X1.5,\n")
write("plain-csv", "flares_crlf_no_region.csv",
      "\ufeffPEAK,start,class,end\r\n2012-07-12T16:49:00Z,2012-07-12T15:37:00Z,X1.4,2012-07-12T17:30:00Z\r\n\r\n")
write("swpc", "swpc_small.csv",
      ",date,event_no,start_time,max_time,end_time,goes_class,noaa_ar\r\n"
      "0,20110215,1,0144,0156,0206,X2.2,11158\r\n"
      "1,20110214,2,2353,////,0010,C1.0,     \r\n"
      "2,20110214,3,2358,0001,////,B9.9,11157\r\n")
write("harp-noaa", "harps_small.txt",
      "HARPNUM NOAA_ARS\n377 11158\n1449 11429,11430\r\n\n2 11059\n")
