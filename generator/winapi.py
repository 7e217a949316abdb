"""Windows' own answer to "is this process running?" (`os.kill(pid, 0)` sends CTRL_C_EVENT
there), through kernel32; used by processes.process_alive."""

from __future__ import annotations


def windows_process_alive(pid: int) -> bool:
    """Whether process `pid` runs; True when that cannot be known."""
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return True
    kernel32.OpenProcess.restype = ctypes.c_void_p  # (a handle: pointer-sized)
    kernel32.OpenProcess.argtypes = (ctypes.c_uint32, ctypes.c_int, ctypes.c_uint32)
    kernel32.GetExitCodeProcess.argtypes = (ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32))
    kernel32.CloseHandle.argtypes = (ctypes.c_void_p,)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:  # (ERROR_ACCESS_DENIED: it runs, as another user's)
        return bool(ctypes.get_last_error() == 5)  # type: ignore[attr-defined]
    try:
        code = ctypes.c_uint32()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
