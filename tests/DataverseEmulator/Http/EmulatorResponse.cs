using System.Text;
using System.Text.Json;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>A response before it is written to the wire or into a $batch response part.</summary>
internal sealed class EmulatorResponse(int status)
{
    public int Status { get; } = status;
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase) { ["OData-Version"] = "4.0" };
    public byte[] Body { get; private init; } = [];

    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static EmulatorResponse Json(int status, byte[] json)
    {
        var response = new EmulatorResponse(status) { Body = json };
        response.Headers["Content-Type"] = "application/json; odata.metadata=minimal";
        return response;
    }

    public static EmulatorResponse Content(int status, string contentType, byte[] body)
    {
        var response = new EmulatorResponse(status) { Body = body };
        response.Headers["Content-Type"] = contentType;
        return response;
    }

    public static EmulatorResponse Error(int status, string code, string message)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { error = new { code, message } }, ErrorJson);
        return Json(status, json);
    }

    public static EmulatorResponse Error(DataverseException error) => Error(error.Status, error.Code, error.Message);

    public string BodyText => Encoding.UTF8.GetString(Body);
}
