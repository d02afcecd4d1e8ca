"""The hottest frames of a dotnet-trace sampled-thread-time profile (speedscope JSON): only samples where a thread
was on CPU count (the CPU_TIME pseudo-frame); exclusive = the frame under it, inclusive = any frame on the stack."""
import collections
import json
import sys

data = json.load(open(sys.argv[1]))
frames = [f["name"] for f in data["shared"]["frames"]]
exclusive, inclusive, total = collections.Counter(), collections.Counter(), 0.0
for profile in data["profiles"]:
    if profile["type"] != "evented":
        continue
    stack, last = [], profile["startValue"]
    for event in profile["events"]:
        at = event["at"]
        if stack and at > last and frames[stack[-1]] == "CPU_TIME" and len(stack) > 1:
            below = [frames[f] for f in stack[:-1]]
            exclusive[below[-1]] += at - last
            for name in set(below):
                inclusive[name] += at - last
            total += at - last
        last = at
        if event["type"] == "O":
            stack.append(event["frame"])
        elif stack:
            stack.pop()
if total == 0:
    sys.exit("no CPU samples in the trace")
print("exclusive CPU (top 15)")
for name, value in exclusive.most_common(15):
    print(f"  {value / total * 100:5.1f}%  {name[:140]}")
print("inclusive CPU, the portal's own code and its views (top 20)")
ours = [(n, v) for n, v in inclusive.most_common() if n.startswith("TrustPortal.")]
for name, value in ours[:20]:
    print(f"  {value / total * 100:5.1f}%  {name[:140]}")
