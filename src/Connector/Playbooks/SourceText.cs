using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CrmSuite.Connector.Playbooks;

/// <summary>
/// Reads a source file's text, refusing what is not a regular file. A plain open of a FIFO blocks until some other
/// process writes to it, so on Unix the file is opened non-blocking and checked before anything is read.
/// </summary>
internal static class SourceText
{
    public static string Read(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.ReadAllText(path);
        }

        var descriptor = Open(path, OperatingSystem.IsLinux() ? LinuxReadOnlyNonBlocking : BsdReadOnlyNonBlocking);
        if (descriptor < 0)
        {
            throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        using var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 1);
        if (!stream.CanSeek)
        {
            throw new NotARegularFileException("it is a FIFO, socket or device, not a regular file");
        }

        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    // O_RDONLY | O_NONBLOCK | O_CLOEXEC: Linux (x64, arm64) and the BSDs/macOS number these flags differently.
    private const int LinuxReadOnlyNonBlocking = 0x800 | 0x80000;
    private const int BsdReadOnlyNonBlocking = 0x4 | 0x1000000;

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, which this project does not allow.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}

/// <summary>A path named like a source file is a FIFO, socket or device: reading it could block or never end.</summary>
internal sealed class NotARegularFileException(string message) : IOException(message);
