package dev.dmreplay.spark;

import dev.dmreplay.analyze.batch.RunRow;
import dev.dmreplay.analyze.batch.RunTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The result table's schema in Spark's terms ({@link RunTable#COLUMNS}, same names and types as the local batch's
 * {@code runs.parquet}) and the conversion of {@link RunRow} to and from Spark rows.
 */
final class RunRows {
    static final StructType POOL = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("pool", DataTypes.StringType, false),
        DataTypes.createStructField("size", DataTypes.IntegerType, false),
        DataTypes.createStructField("low_water", DataTypes.IntegerType, false),
        DataTypes.createStructField("sleeps", DataTypes.LongType, false)});

    static final StructType SCHEMA = schema();

    private RunRows() {
    }

    private static StructType schema() {
        List<StructField> f = new ArrayList<>();
        for (String c : RunTable.COLUMNS) {
            DataType t = switch (c) {
                case "completed", "submitted", "q2c_p50_ns", "q2c_p99_ns", "end_time_ns" -> DataTypes.LongType;
                case "pools" -> DataTypes.createArrayType(POOL, false);
                default -> DataTypes.StringType;
            };
            f.add(DataTypes.createStructField(c, t, false));
        }
        return DataTypes.createStructType(f);
    }

    static Row toRow(RunRow r) {
        List<Row> pools = new ArrayList<>();
        for (RunRow.Pool p : r.pools()) {
            pools.add(RowFactory.create(p.pool(), p.size(), p.lowWater(), p.sleeps()));
        }
        return RowFactory.create(r.trace(), r.input(), r.strategy(), r.pressure(), r.knobs(), r.outcome(), r.error(),
                r.completed(), r.submitted(), r.q2cP50Ns(), r.q2cP99Ns(), r.endTimeNs(), r.chain(),
                scala.jdk.javaapi.CollectionConverters.asScala(pools).toSeq());
    }

    /** A row read back (columns by name, so the partition column's place does not matter). */
    static RunRow fromRow(Row row) {
        List<RunRow.Pool> pools = new ArrayList<>();
        for (Row p : row.<Row>getList(row.fieldIndex("pools"))) {
            pools.add(new RunRow.Pool(p.getAs("pool"), p.<Integer>getAs("size"), p.<Integer>getAs("low_water"),
                    p.<Long>getAs("sleeps")));
        }
        return new RunRow(row.getAs("trace"), row.getAs("input"), row.getAs("strategy"), row.getAs("pressure"),
                row.getAs("knobs"), row.getAs("outcome"), row.getAs("error"), row.<Long>getAs("completed"),
                row.<Long>getAs("submitted"), row.<Long>getAs("q2c_p50_ns"), row.<Long>getAs("q2c_p99_ns"),
                row.<Long>getAs("end_time_ns"), row.getAs("chain"), pools);
    }
}
