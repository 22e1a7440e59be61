"""Character ranges ``(start, end)``, end exclusive: the one vocabulary every stage shares."""

from __future__ import annotations

from bisect import bisect_right

Range = tuple[int, int]


def overlaps(a_start: int | None, a_end: int | None, b_start: int, b_end: int) -> bool:
    return a_start is not None and a_end is not None and a_start < b_end and b_start < a_end


def inside_any(offset: int, ranges: list[Range]) -> bool:
    return any(s <= offset < e for s, e in ranges)


def disjoint(ranges: list[Range]) -> list[Range]:
    """Sorted ranges with the overlapping ones merged."""
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def in_sorted_ranges(offset: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    """Inside one of the sorted, non-overlapping ``ranges`` (``starts``: their start offsets)."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < ranges[i][1]
