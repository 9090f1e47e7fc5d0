"""A real CA certificate for tests, made by Debian's openssl."""
import subprocess


def self_signed_certificate(common_name="strom-test-ca"):
    return subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", "/dev/null", "-subj", f"/CN={common_name}", "-days", "1"],
        capture_output=True, text=True, check=True).stdout
