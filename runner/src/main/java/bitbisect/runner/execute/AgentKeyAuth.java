package bitbisect.runner.execute;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * The "publickey" login (RFC 4252, 7) with a key the SSH agent holds: the server is first asked
 * whether it takes the key, then sent the request signed by the agent, which never hands out
 * the private key.
 */
final class AgentKeyAuth extends AbstractAuthMethod {

    private final SshAgent agent;
    private final SshAgent.Identity key;

    AgentKeyAuth(SshAgent agent, SshAgent.Identity key) {
        super("publickey");
        this.agent = agent;
        this.key = key;
    }

    /** RSA keys sign with rsa-sha2-256; other kinds with their own algorithm. */
    private String algorithm() {
        return key.type().equals("ssh-rsa") ? "rsa-sha2-256" : key.type();
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq().putBoolean(signed).putString(algorithm()).putString(key.blob());
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
        if (cmd != Message.USERAUTH_60) { // not "this key would do": let the base class decide
            super.handle(cmd, buf);
            return;
        }
        SSHPacket signed = request(true);
        byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(signed)
                .getCompactData();
        try {
            signed.putString(agent.sign(key.blob(), data, key.type().equals("ssh-rsa") ? SshAgent.RSA_SHA2_256 : 0));
        } catch (IOException e) {
            throw new UserAuthException("the SSH agent did not sign with " + key.comment() + ": " + e.getMessage(), e);
        }
        params.getTransport().write(signed);
    }

    @Override
    public String toString() {
        return "the agent's key " + key.comment();
    }
}
