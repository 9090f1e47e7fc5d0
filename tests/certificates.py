"""Real certificates for tests, made by Debian's openssl."""
import subprocess

EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]


def self_signed_certificate(common_name="strom-test-ca"):
    return subprocess.run(
        ["openssl", "req", "-x509", *EC_KEY, "-keyout", "/dev/null", "-subj", f"/CN={common_name}", "-days", "1"],
        capture_output=True, text=True, check=True).stdout


def openssl(*args):
    subprocess.run(["openssl", *args], capture_output=True, text=True, check=True)


def ca_and_server_keystore(directory, host="localhost", ip="127.0.0.1"):
    """A CA and a server certificate it signs, for `host` and `ip` (both in the subject alternative names, as
    clients that check the host name need). Returns (the CA's PEM, the path of a PEM keystore: the server's
    unencrypted PKCS#8 key followed by its certificate chain, as Kafka's ssl.keystore.type=PEM reads it)."""
    ca_key, ca_pem = directory / "ca.key", directory / "ca.pem"
    openssl("req", "-x509", *EC_KEY, "-keyout", str(ca_key), "-out", str(ca_pem), "-subj", "/CN=strom-test-ca",
            "-days", "1", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    server_key, request, server_pem = directory / "server.key", directory / "server.csr", directory / "server.pem"
    openssl("req", "-new", *EC_KEY, "-keyout", str(server_key), "-out", str(request), "-subj", f"/CN={host}")
    extensions = directory / "server.ext"
    extensions.write_text(f"subjectAltName=DNS:{host},IP:{ip}\nbasicConstraints=critical,CA:FALSE\n"
                          "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                          "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
    openssl("x509", "-req", "-in", str(request), "-CA", str(ca_pem), "-CAkey", str(ca_key), "-set_serial", "2",
            "-days", "1", "-extfile", str(extensions), "-out", str(server_pem))
    keystore = directory / "keystore.pem"
    keystore.write_text(server_key.read_text() + server_pem.read_text() + ca_pem.read_text())
    return ca_pem.read_text(), keystore
