#!/usr/bin/env python3
"""yaml_gen.py: writes a large journey map in the canonical form of
cxjourney(5), for bench_yaml.sh. Deterministic for a given seed.

usage: yaml_gen.py OUT [TOUCHPOINTS] [SEED] [plain|rich]

plain (the default): every touchpoint has its name, channel, customer and
experience, and about half of them each of the other lines, most with one
short item. rich: every touchpoint carries the full four lines, as in
examples/itsm-support.yaml: several steps, pain points, opportunities and
systems, its roles, a back-end process, a moment of truth with its promise.
Channels, systems, activities and processes come from catalogues, as in a
real map; the free texts (steps, pain points, opportunities, promises) are
sentences that rarely repeat.
"""
import random
import sys

WORDS = ("ticket portal agent queue answer fix service desk call e-mail chat "
         "wait update status owner report review customer team specialist "
         "escalation workaround release change knowledge article survey "
         "renewal contract invoice password access account licence outage "
         "incident request approval backlog priority deadline feedback "
         "palvelu asiakas tiketti ärende kund väntetid åtgärd lösning").split()
CHANNELS = ("phone", "e-mail", "chat", "web portal", "in person", "app")
SYSTEMS = ("ITSM tool", "CRM", "Knowledge base", "Telephony", "Survey tool",
           "E-mail", "Change calendar", "Reporting")
EXPERIENCE = ("negative", "neutral", "positive")
# the catalogues of the rich shape: a map's applications, the activities of
# its customers and the processes of its back office
RICH_SYSTEMS = SYSTEMS + ("Self-service portal", "Intranet", "Chat",
                          "Monitoring", "Asset register", "Billing",
                          "Identity management", "Release tracker")
ACTIVITIES = tuple("%s %s" % (v, o) for v in (
    "Report", "Follow", "Clarify", "Escalate", "Review", "Confirm", "Test",
    "Discuss", "Wait for", "Approve") for o in (
    "the issue", "the ticket", "the fix", "the change", "the answer",
    "the invoice", "the contract", "the access request"))
PROCESSES = tuple("%s %s" % (a, p) for a in (
    "Ticket", "Incident", "Problem", "Change", "Release", "Access",
    "Knowledge", "Survey", "Account", "Service level") for p in (
    "triage and categorisation", "routing between queues",
    "diagnosis against known errors", "review and closure",
    "reporting"))


def phrase(rng, lo, hi):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize()


def distinct(rng, pool, lo, hi):
    return rng.sample(pool, rng.randint(lo, hi))


def items(key, texts):
    return "    %s:\n%s" % (key, "".join("    - %s\n" % t for t in texts))


def plain_touchpoint(rng, s, k, customers, front, back):
    # every touchpoint has its name, channel, customer and experience; the
    # other lines are filled in on about half of them, as in maps that
    # grow over time
    t = ["  - id: tp-%d-%d\n    name: %s\n" % (s, k, phrase(rng, 1, 3))]
    if rng.random() < 0.5:
        t.append("    activity: %s\n    steps:\n    - %s\n"
                 % (phrase(rng, 1, 2), phrase(rng, 1, 3)))
    t.append("    customers:\n    - %s\n    channel: %s\n"
             % (rng.choice(customers), rng.choice(CHANNELS)))
    if rng.random() < 0.5:
        t.append("    front-office:\n    - %s\n" % rng.choice(front))
    if rng.random() < 0.5:
        t.append("    back-office:\n    - %s\n"
                 "    back-end-process: %s\n    systems:\n    - %s\n"
                 % (rng.choice(back), phrase(rng, 1, 2),
                    rng.choice(SYSTEMS)))
    if rng.random() < 0.5:
        t.append("    think-feel: %s\n    pain-points:\n    - %s\n"
                 % (phrase(rng, 1, 3), phrase(rng, 2, 3)))
    if rng.random() < 0.2:
        t.append("    moment-of-truth:\n      promise: %s\n"
                 % phrase(rng, 2, 4))
    t.append("    experience: %s\n" % rng.choice(EXPERIENCE))
    if rng.random() < 0.4:
        t.append("    opportunities:\n    - %s\n" % phrase(rng, 2, 3))
    if rng.random() < 0.3:
        t.append("    targets:\n      csat: %d\n" % rng.randint(60, 95))
    return "".join(t)


def rich_touchpoint(rng, s, k, customers, front, back):
    t = ["  - id: tp-%d-%d\n    name: %s\n    activity: %s\n"
         % (s, k, phrase(rng, 2, 4), rng.choice(ACTIVITIES))]
    t.append(items("steps", [phrase(rng, 3, 6)
                             for _ in range(rng.randint(2, 4))]))
    t.append(items("customers", distinct(rng, customers, 1, 2)))
    t.append("    channel: %s\n" % rng.choice(CHANNELS))
    t.append(items("front-office", distinct(rng, front, 1, 2)))
    t.append(items("back-office", distinct(rng, back, 1, 2)))
    t.append("    back-end-process: %s\n" % rng.choice(PROCESSES))
    t.append(items("systems", distinct(rng, RICH_SYSTEMS, 1, 3)))
    t.append("    think-feel: %s\n" % phrase(rng, 3, 7))
    t.append(items("pain-points", [phrase(rng, 4, 8)
                                   for _ in range(rng.randint(2, 3))]))
    t.append("    moment-of-truth:\n      promise: %s\n"
             % phrase(rng, 5, 9))
    t.append("    experience: %s\n" % rng.choice(EXPERIENCE))
    t.append(items("opportunities", [phrase(rng, 3, 7)
                                     for _ in range(rng.randint(1, 3))]))
    if rng.random() < 0.3:
        t.append("    targets:\n      csat: %d\n" % rng.randint(60, 95))
    return "".join(t)


def main():
    # an option where OUT belongs (say --help) would become a 57 MB file
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    out = sys.argv[1]
    touchpoints = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    shape = sys.argv[4] if len(sys.argv) > 4 else "plain"
    if shape not in ("plain", "rich"):
        sys.exit(__doc__)
    touchpoint = rich_touchpoint if shape == "rich" else plain_touchpoint
    per_stage = 4000
    stages = (touchpoints + per_stage - 1) // per_stage
    customers = ["customer-%d" % i for i in range(12)]
    front = ["front-%d" % i for i in range(6)]
    back = ["back-%d" % i for i in range(6)]
    w = []
    w.append("cxjourney: 1\nid: bench\nname: Generated benchmark journey\n")
    w.append("targets:\n  csat: 80\n  nps: 20\n  ces: 5.5\npersonas:\n")
    for ids, kind in ((customers, "customer"), (front, "front-office"),
                      (back, "back-office")):
        for pid in ids:
            w.append("- id: %s\n  kind: %s\n  name: %s\n  attributes:\n"
                     "    country: %s\n" % (pid, kind, phrase(rng, 2, 3),
                                          rng.choice(("FI", "SE"))))
    w.append("stages:\n")
    left = touchpoints
    for s in range(stages):
        w.append("- id: stage-%d\n  name: %s\n  touchpoints:\n"
                 % (s, phrase(rng, 1, 3)))
        for k in range(min(per_stage, left)):
            w.append(touchpoint(rng, s, k, customers, front, back))
        left -= per_stage
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(w))


if __name__ == "__main__":
    main()
