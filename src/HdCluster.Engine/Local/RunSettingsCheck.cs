using HdCluster.Torch;

namespace HdCluster.Engine.Local;

/// <summary>What `hdc run` refuses before anything runs: slots, devices and attempts that cannot work.</summary>
public static class RunSettingsCheck
{
    /// <param name="cudaDevices">How many CUDA devices this machine has.</param>
    /// <returns>One line saying what is wrong, or null.</returns>
    public static string? Problem(IReadOnlyList<string> devices, int slotsPerDevice, int maxAttempts, int cudaDevices)
    {
        if (slotsPerDevice < 1)
        {
            return $"--slots must be at least 1 (got {slotsPerDevice})";
        }

        if (maxAttempts < 1)
        {
            return $"--max-attempts must be at least 1 (got {maxAttempts})";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in devices)
        {
            Device device;
            try
            {
                device = Device.Parse(name);
            }
            catch (ArgumentException)
            {
                return $"--devices: '{name}' is not a device (expected cpu or cuda:N)";
            }

            if (device.Type == DeviceType.CUDA && device.Index >= cudaDevices)
            {
                return cudaDevices == 0
                    ? $"--devices: '{name}' does not exist: this machine has no CUDA device (use cpu)"
                    : $"--devices: '{name}' does not exist: this machine has {cudaDevices} CUDA device(s), cuda:0 to cuda:{cudaDevices - 1}";
            }

            if (!seen.Add(device.ToString()))
            {
                return $"--devices: {device} is named twice (use --slots for more cells at once on one device)";
            }
        }

        return null;
    }
}
