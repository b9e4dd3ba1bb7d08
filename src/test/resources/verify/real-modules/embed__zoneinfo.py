# heapify.verify embedding snippet for CPython's Modules/_zoneinfo.c. Needs the system
# time zone database (/usr/share/zoneinfo). Run once per embedding cycle and as
# the test script: ZoneInfo from the cache, uncached and through a subclass,
# with a zone that has transitions and a POSIX TZ rule (America/New_York).
# Its baseline is baseline__zoneinfo.py (the zoneinfo package imports _zoneinfo).
import _zoneinfo
import datetime

utc = _zoneinfo.ZoneInfo('UTC')
assert _zoneinfo.ZoneInfo('UTC') is utc
assert datetime.datetime(2020, 1, 1, tzinfo=utc).utcoffset() == datetime.timedelta(0)
assert str(utc) == 'UTC'
repr(utc)
ny = _zoneinfo.ZoneInfo.no_cache('America/New_York')
assert datetime.datetime(2020, 7, 1, tzinfo=ny).utcoffset() == datetime.timedelta(hours=-4)
assert datetime.datetime(2090, 1, 1, tzinfo=ny).utcoffset() == datetime.timedelta(hours=-5)


class ZoneSub(_zoneinfo.ZoneInfo):
    pass


assert type(ZoneSub('UTC')) is ZoneSub
assert ZoneSub.no_cache('UTC') is not ZoneSub('UTC')
_zoneinfo.ZoneInfo.clear_cache()
del utc, ny, ZoneSub
