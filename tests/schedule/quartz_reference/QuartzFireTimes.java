// Reference fire times from Quartz's own CronExpression (Debian libquartz2-java, Quartz 2.3.2).
//
// Reads cases from stdin, one per line, tab-separated:
//   name  expression  zone  from  to  limit
// (from/to in Unix seconds, [from, to)) and writes one line per case:
//   name  OK  t1 t2 ...        the raw Quartz fire times in [from, to), Unix seconds
//   name  ERROR  message       the expression does not parse, or more than `limit` fire times
// The first fire time is getTimeAfter(from - 1 s), as CronTrigger computes its first fire time;
// each next one is getTimeAfter(previous). No 10-second thinning: that is Databricks', not Quartz's.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

public final class QuartzFireTimes {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      String[] f = line.split("\t", -1);
      if (f.length != 6) {
        out.append("?\tERROR\tbad input line: ").append(line).append('\n');
        continue;
      }
      out.append(f[0]).append('\t');
      try {
        CronExpression ce = new CronExpression(f[1]);
        TimeZone zone = TimeZone.getTimeZone(f[2]);
        if (!zone.getID().equals(f[2])) throw new IllegalArgumentException("unknown zone " + f[2]);
        ce.setTimeZone(zone);
        long from = Long.parseLong(f[3]);
        long to = Long.parseLong(f[4]);
        long limit = Long.parseLong(f[5]);
        StringBuilder times = new StringBuilder();
        long n = 0;
        Date t = ce.getTimeAfter(new Date((from - 1) * 1000L));
        while (t != null && t.getTime() < to * 1000L) {
          if (++n > limit) throw new IllegalStateException("more than " + limit + " fire times");
          if (times.length() > 0) times.append(' ');
          times.append(t.getTime() / 1000L);
          t = ce.getTimeAfter(t);
        }
        out.append("OK\t").append(times).append('\n');
      } catch (Exception e) {
        out.append("ERROR\t").append(String.valueOf(e.getMessage()).replace('\t', ' ').replace('\n', ' ')).append('\n');
      }
    }
    System.out.print(out);
  }
}
