# Shared by lab.sh and nfs.sh (sourced): the lab's SSH key and the sshd of a lab host.

# The key every lab host accepts, made once in $LAB/keys.
lab_key() {
  mkdir -p "$LAB/keys"
  [ -f "$LAB/keys/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C bitbisect-lab -f "$LAB/keys/id_ed25519"
}

# sshd_config FILE ADDRESS DIR PIDFILE: key-only root logins with SFTP, on ADDRESS, with the host
# key DIR/ssh_host_ed25519_key (made once) and the lab key in DIR/authorized_keys.
sshd_config() {
  local file=$1 address=$2 dir=$3 pidfile=$4
  [ -f "$dir/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh_host_ed25519_key"
  cp "$LAB/keys/id_ed25519.pub" "$dir/authorized_keys"
  cat > "$file" <<CONF
ListenAddress $address
HostKey $dir/ssh_host_ed25519_key
PidFile $pidfile
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxSessions 32
Subsystem sftp internal-sftp
CONF
}
