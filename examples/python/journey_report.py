#!/usr/bin/env python3
"""journey_report.py: the ITSM support journey from Python.

Loads examples/itsm-support.yaml (or builds a small version of the journey
when the library has no YAML support), prints it stage by stage with its
validation, scores it with the answers in examples/itsm-responses.csv
(emotional curve, gap to target), compares the Finnish and Swedish customer
teams' NPS and prints the key drivers of the journey NPS. Parts the library
does not offer are skipped with a note.

Run from the source tree after `make`:
    python3 examples/python/journey_report.py
(or set CXJ_LIBRARY to the path of libcxjourney.so.0)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))

import cxjourney as cx  # noqa: E402

EXAMPLE = os.path.join(HERE, "..", "itsm-support.yaml")
ANSWERS_CSV = os.path.join(HERE, "..", "itsm-responses.csv")

# NPS answers of the two customer teams (0..10), used when the library cannot
# score a journey from a CSV file yet.
ANSWERS = {
    "FI": [9, 10, 8, 6, 9, 10, 7, 9, 3, 10, 9, 8, 10, 9, 6, 10],
    "SE": [7, 8, 6, 9, 5, 7, 10, 4, 8, 6, 9, 7, 3, 8],
}


def build():
    """A small version of the journey, for libraries without io.h."""
    j = cx.Journey("itsm-support", name="ITSM support")
    j.add_persona("fi-team", "customer", name="Finnish customer team",
                  attributes={"country": "FI"})
    j.add_persona("se-team", "customer", name="Swedish customer team",
                  attributes={"country": "SE"})
    j.add_persona("sd-agent", "front-office", name="Service desk agent")
    contact = j.add_stage("contact", name="Contact")
    raise_ = contact.add_touchpoint(
        "raise-ticket", name="Raise a ticket", channel="web portal",
        pain_points=["Mandatory fields need internal product names"],
        experience="negative")
    call = contact.add_touchpoint(
        "call-desk", name="Call the service desk", channel="phone",
        moment_of_truth=True, promise="A person answers within two minutes",
        experience="positive")
    resolve = j.add_stage("resolve", name="Resolve")
    fix = resolve.add_touchpoint("fix-delivered", name="Fix delivered",
                                 channel="email", experience="positive")
    for t in (raise_, call, fix):
        t.add_persona("fi-team")
        t.add_persona("se-team")
    call.add_persona("sd-agent")
    j.targets["nps"] = 20
    return j


def load_journey():
    if has("cxj_journey_load_file") and os.path.exists(EXAMPLE):
        return cx.Journey.load(EXAMPLE)
    return build()


def print_journey(j):
    print(j)
    for n, stage in enumerate(j.stages, 1):
        print("\n[%d] %s" % (n, stage.name or stage.id))
        for t in stage.touchpoints:
            print("  - %-16s %-30s %-11s %-8s%s" % (
                t.id, t.name, t.channel, t.experience.name.lower(),
                "  moment of truth" if t.moment_of_truth else ""))
            for pain in t.pain_points:
                print("      pain: %s" % pain)
    problems = j.validate()
    errors = sum(d.severity == cx.Severity.ERROR for d in problems)
    print("\nvalidation: %d error(s), %d warning(s)"
          % (errors, len(problems) - errors))
    for d in problems:
        print("  %s: %s" % (d.severity.name.lower(), d.message))


def has(function):
    return cx.has_function(function)


def print_nps(fi, se):
    print("\nNPS by customer team (95 % interval):")
    for name, m in (("FI", fi), ("SE", se)):
        lo, hi = m.ci(0.95)
        print("  %s  %6.1f  [%6.1f, %6.1f]  n=%d" % (name, m.value, lo, hi,
                                                    m.count))
    c = fi.compare(se)
    print("  FI - SE: %+.1f points, %s z = %.2f, p = %.4f%s" % (
        c.difference, cx.method_name(c.method), c.statistic, c.p_value,
        " (significant at 5 %)" if c.p_value < 0.05 else ""))


def score(j):
    """Scores the journey from the example answers; False when the library
    or the example files cannot yet."""
    if not (has("cxj_journey_score") and os.path.exists(ANSWERS_CSV)):
        return False
    with cx.Responses.from_csv(ANSWERS_CSV) as answers, \
            j.score(answers) as scores:
        print("\n%d answers; emotional curve (-1 .. 1):" % len(answers))
        for tp, value in scores.curve:
            bar = "" if value != value else "#" * int(round(10 * (value + 1)))
            print("  %-16s %6.2f %s" % (tp, value, bar))
        by = scores.breakdown(j, "nps", rollup=True)
        if "FI" in by and "SE" in by:
            print_nps(by["FI"], by["SE"])
        gap = scores.gap(j, "nps")
        if gap == gap:
            print("  journey NPS against its target: %+.1f points" % gap)
        if has("cxj_journey_drivers"):
            print_drivers(j, answers)
        else:
            print("\n(key drivers not in this library yet)")
    return True


def print_drivers(j, answers):
    drivers = j.drivers(answers, outcome="nps")
    print("\nKey drivers of the journey NPS (touchpoint CSAT, %s; "
          "R2 = %.2f over %d respondents):" % ("Spearman", drivers.r2,
                                               drivers.respondents))
    print("  %-16s %10s %7s %12s  %s" % ("touchpoint", "importance", "share",
                                         "performance", "quadrant"))
    for d in drivers[:drivers.ranked]:
        print("  %-16s %10.2f %6.1f%% %11.1f%%  %s" % (
            d.touchpoint, d.importance, d.relative_share, d.performance,
            cx.quadrant_name(d.quadrant)))
    for d in drivers[drivers.ranked:]:
        print("  %-16s (too few paired answers: %d)" % (d.touchpoint,
                                                       d.pairs))


def compare_inline():
    if not has("cxj_metric_new"):
        print("\n(metrics not in this library yet)")
        return
    with cx.Metric.nps() as fi, cx.Metric.nps() as se:
        fi.extend(ANSWERS["FI"])
        se.extend(ANSWERS["SE"])
        print_nps(fi, se)


def main():
    with load_journey() as j:
        print_journey(j)
        if not score(j):
            compare_inline()


if __name__ == "__main__":
    main()
