"""Cuts a cohort's sample list into N balanced, contiguous shards.

Called by the Snakefile's split_samples rule (snakemake `script:`); also runs
stand-alone: python3 split_samples.py SAMPLES_TXT N OUT_PREFIX
"""
import sys


def split(ids, n):
    """n lists of consecutive IDs whose sizes differ by at most one."""
    if n < 1:
        raise ValueError(f"shards must be at least 1 (got {n})")
    if len(ids) < n:
        raise ValueError(f"{len(ids)} samples cannot fill {n} shards; lower 'shards' in the workflow config")
    base, extra = divmod(len(ids), n)
    out, start = [], 0
    for k in range(n):
        size = base + (1 if k < extra else 0)
        out.append(ids[start:start + size])
        start += size
    return out


def read_ids(path):
    with open(path) as f:
        ids = [line.strip() for line in f if line.strip()]
    seen = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{path}: sample {i} appears twice in the VCF header; fix the VCF (bcftools reheader)")
        seen.add(i)
    return ids


def write(paths, shards):
    for path, ids in zip(paths, shards):
        with open(path, "w") as f:
            f.writelines(i + "\n" for i in ids)


if "snakemake" in globals():
    sm = globals()["snakemake"]
    try:
        write(list(sm.output), split(read_ids(sm.input[0]), len(sm.output)))
    except ValueError as e:
        sys.exit(f"split_samples: {e}")
elif __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    n = int(sys.argv[2])
    write([f"{sys.argv[3]}{k:03d}.txt" for k in range(n)], split(read_ids(sys.argv[1]), n))
