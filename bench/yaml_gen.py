#!/usr/bin/env python3
"""yaml_gen.py: writes a large journey map in the canonical form of
cxjourney(5), for bench_yaml.sh. Deterministic for a given seed.

usage: yaml_gen.py OUT [TOUCHPOINTS] [SEED]
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


def phrase(rng, lo, hi):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize()


def main():
    # an option where OUT belongs (say --help) would become a 57 MB file
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    out = sys.argv[1]
    touchpoints = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
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
            # every touchpoint has its name, channel, customer and
            # experience; the other lines are filled in on about half of
            # them, as in maps that grow over time
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
                t.append("    targets:\n      csat: %d\n"
                         % rng.randint(60, 95))
            w.append("".join(t))
        left -= per_stage
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(w))


if __name__ == "__main__":
    main()
