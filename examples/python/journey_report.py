#!/usr/bin/env python3
"""journey_report.py: the ITSM support journey from Python.

Loads examples/itsm-support.yaml (or builds a small version of the journey
when the library has no YAML support), prints it stage by stage with its
validation, then compares the Finnish and Swedish customer teams' NPS.

Run from the source tree after `make`:
    python3 examples/python/journey_report.py
(or set CXJ_LIBRARY to the path of libcxjourney.so.0)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))

import cxjourney as cx  # noqa: E402

EXAMPLE = os.path.join(HERE, "..", "itsm-support.yaml")

# NPS answers of the two customer teams (0..10), as a survey export would
# give them.
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
    if "cxj_journey_load_file" not in cx.missing_functions and \
            os.path.exists(EXAMPLE):
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


def compare_segments():
    if "cxj_metric_new" in cx.missing_functions:
        print("\n(metrics not in this library yet)")
        return
    fi, se = cx.Metric.nps(), cx.Metric.nps()
    with fi, se:
        fi.extend(ANSWERS["FI"])
        se.extend(ANSWERS["SE"])
        print("\nNPS by customer team (95 % interval):")
        for name, m in (("FI", fi), ("SE", se)):
            lo, hi = m.ci(0.95)
            print("  %s  %6.1f  [%6.1f, %6.1f]  n=%d" % (name, m.value, lo,
                                                        hi, m.count))
        c = fi.compare(se)
        print("  FI - SE: %+.1f points, %s z = %.2f, p = %.4f%s" % (
            c.difference, cx.method_name(c.method), c.statistic, c.p_value,
            " (significant at 5 %)" if c.p_value < 0.05 else ""))


def main():
    with load_journey() as j:
        print_journey(j)
    compare_segments()


if __name__ == "__main__":
    main()
