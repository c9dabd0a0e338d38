"""libazureml from Python through ctypes, the way a binding would use it:
version check, the fake transport, a static-token client, a workspace GET,
an error object, and a delegate transport written in Python."""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])
c_void_pp = ctypes.POINTER(ctypes.c_void_p)

lib.aml_version_string.restype = ctypes.c_char_p
lib.aml_version_number.restype = ctypes.c_uint32
lib.aml_default_api_version.restype = ctypes.c_char_p
lib.aml_error_message.restype = ctypes.c_char_p
lib.aml_error_message.argtypes = [ctypes.c_void_p]
lib.aml_error_code.argtypes = [ctypes.c_void_p]
lib.aml_error_free.argtypes = [ctypes.c_void_p]
lib.aml_error_service_code.restype = ctypes.c_char_p
lib.aml_error_service_code.argtypes = [ctypes.c_void_p]
lib.aml_fake_transport_new.argtypes = [c_void_pp, c_void_pp]
lib.aml_fake_transport_add_response.argtypes = [ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p, ctypes.c_char_p, c_void_pp]
lib.aml_fake_transport_request_count.argtypes = [ctypes.c_void_p]
lib.aml_fake_transport_request_count.restype = ctypes.c_size_t
lib.aml_fake_transport_request_at.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
lib.aml_fake_transport_request_at.restype = ctypes.c_void_p
lib.aml_http_request_url.argtypes = [ctypes.c_void_p]
lib.aml_http_request_url.restype = ctypes.c_char_p
lib.aml_transport_unref.argtypes = [ctypes.c_void_p]
lib.aml_static_token_credential_new.argtypes = [ctypes.c_char_p, ctypes.c_int64, c_void_pp, c_void_pp]
lib.aml_credential_unref.argtypes = [ctypes.c_void_p]
lib.aml_client_unref.argtypes = [ctypes.c_void_p]
# (argtypes of aml_client_new are set after ClientOptions is declared)


class Workspace(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("id", ctypes.c_char_p), ("name", ctypes.c_char_p),
                ("location", ctypes.c_char_p), ("discovery_url", ctypes.c_char_p),
                ("description", ctypes.c_char_p), ("friendly_name", ctypes.c_char_p),
                ("provisioning_state", ctypes.c_char_p), ("workspace_id", ctypes.c_char_p)]


lib.aml_workspaces_get.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.POINTER(Workspace)), c_void_pp]
lib.aml_workspace_free.argtypes = [ctypes.POINTER(Workspace)]

SEND_FN = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
lib.aml_transport_delegate_new.argtypes = [SEND_FN, ctypes.c_void_p, c_void_pp, c_void_pp]
lib.aml_http_response_set_status.argtypes = [ctypes.c_void_p, ctypes.c_int32]
lib.aml_http_response_append_body.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]


def check(rc, err, what):
    if rc != 0:
        msg = lib.aml_error_message(err.value).decode() if err.value else "?"
        raise SystemExit(f"{what}: {rc} {msg}")


assert lib.aml_version_string().decode() == "0.1.0", lib.aml_version_string()
assert lib.aml_version_number() == 0x000100
assert lib.aml_default_api_version() == b"2025-12-01"

err = ctypes.c_void_p()
t = ctypes.c_void_p()
check(lib.aml_fake_transport_new(ctypes.byref(t), ctypes.byref(err)), err, "fake transport")
check(lib.aml_fake_transport_add_response(t, 200, b"Content-Type: application/json",
                                          b'{"name":"ws","location":"eastus","properties":{}}', ctypes.byref(err)),
      err, "queue")
check(lib.aml_fake_transport_add_response(t, 404, None, b'{"error":{"code":"ResourceNotFound","message":"gone"}}',
                                          ctypes.byref(err)), err, "queue")
cred = ctypes.c_void_p()
check(lib.aml_static_token_credential_new(b"token", 0, ctypes.byref(cred), ctypes.byref(err)), err, "credential")


class RetryOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("max_retries", ctypes.c_int32),
                ("base_delay_ms", ctypes.c_int64), ("max_delay_ms", ctypes.c_int64)]


class ClientOptions(ctypes.Structure):  # mirrors aml_client_options, version 1
    _fields_ = [("version", ctypes.c_uint32), ("api_version", ctypes.c_char_p),
                ("resource_manager_url", ctypes.c_char_p), ("transport", ctypes.c_void_p),
                ("ca_bundle", ctypes.c_char_p), ("retry", RetryOptions), ("log_fn", ctypes.c_void_p),
                ("log_user_data", ctypes.c_void_p), ("log_level", ctypes.c_int32),
                ("user_agent_suffix", ctypes.c_char_p), ("sleep_fn", ctypes.c_void_p),
                ("sleep_user_data", ctypes.c_void_p), ("poll_interval_ms", ctypes.c_int64)]


lib.aml_client_options_init.argtypes = [ctypes.POINTER(ClientOptions), ctypes.c_uint32]
lib.aml_client_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                               ctypes.POINTER(ClientOptions), c_void_pp, c_void_pp]
opts = ClientOptions()
assert lib.aml_client_options_init(ctypes.byref(opts), 1) == 0
assert opts.retry.max_retries == 3 and opts.poll_interval_ms == 5000 and opts.log_level == 3
opts.transport = t.value
opts.user_agent_suffix = b"python-ctypes/1.0"
client = ctypes.c_void_p()
check(lib.aml_client_new(cred, b"sub", b"rg", b"ws", ctypes.byref(opts), ctypes.byref(client), ctypes.byref(err)),
      err, "client")

ws = ctypes.POINTER(Workspace)()
check(lib.aml_workspaces_get(client, ctypes.byref(ws), ctypes.byref(err)), err, "workspace get")
assert ws.contents.name == b"ws" and ws.contents.location == b"eastus"
lib.aml_workspace_free(ws)
req0 = lib.aml_fake_transport_request_at(t, 0)
url = lib.aml_http_request_url(req0).decode()
assert url.startswith("https://management.azure.com/subscriptions/sub/resourceGroups/rg/"), url
lib.aml_http_request_header.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
lib.aml_http_request_header.restype = ctypes.c_char_p
assert lib.aml_http_request_header(req0, b"User-Agent").endswith(b" python-ctypes/1.0")

rc = lib.aml_workspaces_get(client, ctypes.byref(ws), ctypes.byref(err))
assert rc == -3, rc  # AML_ERR_NOT_FOUND
assert lib.aml_error_code(err) == -3
assert lib.aml_error_service_code(err) == b"ResourceNotFound"
lib.aml_error_free(err)
err = ctypes.c_void_p()
lib.aml_client_unref(client)

# A transport written in Python (the delegate form).
calls = []


@SEND_FN
def python_send(req, resp, user_data):
    calls.append(lib.aml_http_request_url(req).decode())
    lib.aml_http_response_set_status(resp, 200)
    body = b'{"name":"py","location":"westus","properties":{}}'
    return lib.aml_http_response_append_body(resp, body, len(body))


pyt = ctypes.c_void_p()
check(lib.aml_transport_delegate_new(python_send, None, ctypes.byref(pyt), ctypes.byref(err)), err, "delegate")
opts.transport = pyt.value
check(lib.aml_client_new(cred, b"sub", b"rg", b"py", ctypes.byref(opts), ctypes.byref(client), ctypes.byref(err)), err, "client")
check(lib.aml_workspaces_get(client, ctypes.byref(ws), ctypes.byref(err)), err, "workspace via python")
assert ws.contents.location == b"westus"
lib.aml_workspace_free(ws)
assert len(calls) == 1 and "/workspaces/py?" in calls[0], calls

# Free in any order: the client holds its own references.
lib.aml_transport_unref(t)
lib.aml_transport_unref(pyt)
lib.aml_credential_unref(cred)
lib.aml_client_unref(client)
print("OK: libazureml driven from Python ctypes (fake transport, errors, a Python transport)")
