package bitbisect.runner.execute;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

/** A short helper command over an SSH connection (a checksum, a rename, a look at the process table), with a time limit. */
final class ShortCommand {

    /** The output of a short helper command. */
    record Result(int exit, String stdout, String stderr) {
    }

    private ShortCommand() {
    }

    /** Whether the command ended within {@code limit}; a dropped connection throws. */
    static boolean ended(Session.Command cmd, Duration limit) throws ConnectionException {
        try {
            cmd.join(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ConnectionException e) {
            if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
                return false;
            }
            throw e;
        }
    }

    static Result exec(SSHClient c, String command, Duration limit) throws IOException {
        try (Session session = c.startSession()) {
            Session.Command cmd = session.exec(command);
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            Thread o = LinePump.start(cmd.getInputStream(), line -> out.append(line).append('\n'), "ssh-exec-out");
            Thread e = LinePump.start(cmd.getErrorStream(), line -> err.append(line).append('\n'), "ssh-exec-err");
            if (!ended(cmd, limit)) {
                throw new IOException("'" + command + "' did not finish within " + limit.toSeconds() + " s");
            }
            o.join(5_000);
            e.join(5_000);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new IOException("the connection dropped while '" + command + "' ran");
            }
            return new Result(status, out.toString(), err.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }
}
