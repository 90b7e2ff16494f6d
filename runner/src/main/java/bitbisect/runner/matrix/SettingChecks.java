package bitbisect.runner.matrix;

import bitbisect.writer.units.ByteSize;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The matrix's variants, work and run settings, checked, with their defaults filled in. */
final class SettingChecks {

    private final Problems problems;

    SettingChecks(Problems problems) {
        this.problems = problems;
    }

    Map<String, Matrix.Variant> variants(Map<String, MatrixFile.VariantEntry> entries) {
        Map<String, Matrix.Variant> variants = new LinkedHashMap<>();
        if (entries == null || entries.isEmpty()) {
            variants.put("default", new Matrix.Variant("default", null, List.of()));
            return variants;
        }
        entries.forEach((name, v) -> {
            String nameProblem = Names.problem("variant name", name);
            if (nameProblem != null) {
                problems.add("variants." + name, nameProblem);
            }
            List<String> flags = v == null || v.flags() == null ? List.of() : v.flags();
            for (int i = 0; i < flags.size(); i++) {
                if (!flags.get(i).startsWith("-")) {
                    problems.add("variants." + name + ".flags[" + i + "]", "JVM flag \"" + flags.get(i)
                            + "\" should start with '-', e.g. -XX:TieredStopAtLevel=1");
                }
            }
            variants.put(name, new Matrix.Variant(name, v == null ? null : v.java(), List.copyOf(flags)));
        });
        return variants;
    }

    Matrix.Work work(MatrixFile.WorkEntry w) {
        MatrixFile.WorkEntry e = w == null ? new MatrixFile.WorkEntry(null, null, null, null, null, null) : w;
        if (e.iterations() != null && e.duration() != null) {
            problems.add("work.duration", "give work.iterations or work.duration, not both");
        }
        if (e.iterations() != null && e.iterations() < 1) {
            problems.add("work.iterations", "iterations must be at least 1");
        }
        Duration duration = e.duration() == null ? null : problems.duration("work.duration", e.duration(), Duration.ofMinutes(1));
        long block = ByteSize.parse("1MiB").bytes();
        if (e.block() != null) {
            String checked = problems.check("work.block", e.block(), AxisValues::size);
            block = checked == null ? block : ByteSize.parse(checked).bytes();
        }
        int replicates = problems.atLeast("work.replicates", e.replicates(), 1, 1);
        int maxEvents = problems.atLeast("work.max_events", e.maxEvents(), 1000, 0);
        int keepCorrupt = problems.atLeast("work.keep_corrupt", e.keepCorrupt(), Matrix.Work.KEEP_CORRUPT, 0);
        Long iterations = e.iterations() == null && duration == null ? Long.valueOf(10) : e.iterations();
        return new Matrix.Work(iterations, duration, block, replicates, maxEvents, keepCorrupt);
    }

    Matrix.RunPolicy run(MatrixFile.RunEntry r) {
        MatrixFile.RunEntry e = r == null ? new MatrixFile.RunEntry(null, null, null, null, null) : r;
        int perHost = problems.atLeast("run.per_host", e.perHost(), 1, 1);
        int parallel = problems.atLeast("run.parallel_hosts", e.parallelHosts(), 8, 1);
        Duration timeout = e.timeout() == null ? Duration.ofMinutes(10) : problems.duration("run.timeout", e.timeout(), Duration.ofMinutes(10));
        Duration stall = e.stall() == null ? Duration.ofSeconds(10) : problems.duration("run.stall", e.stall(), Duration.ofSeconds(10));
        long seed = e.seed() == null ? new java.security.SecureRandom().nextLong() & Long.MAX_VALUE : e.seed();
        return new Matrix.RunPolicy(seed, perHost, parallel, timeout, stall);
    }
}
