package bitbisect.runner.cli;

import bitbisect.runner.matrix.Cell;
import bitbisect.runner.matrix.Matrix;
import bitbisect.writer.units.ByteSize;
import bitbisect.writer.units.Count;
import bitbisect.writer.units.DurationText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Checks a matrix and prints its cells. */
@Command(name = "cells", aliases = "validate", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Checks the matrix (every problem with file:line:column) and prints the cells it expands"
                + " into, one per line with its id and coordinates. Nothing runs.",
        footer = {"", "Example: bitbisect cells examples/fleet.yaml --where kernel=5.1,sync=buffered"})
final class CellsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MatrixOption matrixOption;

    @Option(names = "--where", paramLabel = "AXIS=VALUE,...",
            description = "Only cells matching every axis=value; one axis given twice matches either value.")
    private String where;

    @Option(names = "--ids", description = "Print only the cell ids, one per line (for scripts).")
    private boolean idsOnly;

    /** What a sweep of these cells writes (and reads back as much): sizes x iterations x replicates. */
    private static String volume(Matrix matrix, List<Cell> cells) {
        if (matrix.work().iterations() == null) {
            return "the volume written depends on how fast each host writes in " + DurationText.format(
                    matrix.work().duration());
        }
        double bytes = cells.stream().mapToDouble(c -> (double) ByteSize.parse(c.size()).bytes()).sum()
                * matrix.work().iterations() * matrix.work().replicates();
        return "a sweep writes " + ByteSize.approximate(bytes) + " and reads it back";
    }

    @Override
    public Integer call() {
        Matrix matrix = matrixOption.load();
        Where filter;
        try {
            filter = Where.parse(where, matrix);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--where: " + e.getMessage());
        }
        List<Cell> cells = matrix.cells().stream().filter(filter::matches).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (idsOnly) {
            cells.forEach(c -> out.println(c.id()));
        } else {
            List<String> axes = matrix.axisNames();
            List<List<String>> rows = new ArrayList<>();
            List<String> header = new ArrayList<>(axes);
            header.add("id");
            rows.add(header);
            for (Cell c : cells) {
                List<String> row = new ArrayList<>();
                axes.forEach(a -> row.add(c.get(a)));
                row.add(c.id());
                rows.add(row);
            }
            Table.print(out, rows);
            out.printf("%d of %d cells; %s per cell (work.replicates); %s per run; %s%n", cells.size(),
                    matrix.cells().size(), Count.of(matrix.work().replicates(), "run"), matrix.work().iterations() != null
                            ? Count.of(matrix.work().iterations(), "iteration")
                            : DurationText.format(matrix.work().duration()), volume(matrix, cells));
        }
        out.flush();
        return Bitbisect.EXIT_CLEAN;
    }
}
