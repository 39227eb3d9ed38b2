namespace HdCluster.Data;

/// <summary>A data set: the files the loaders read and the downloads that produce them.</summary>
public sealed record DataSetSpec(string Name, IReadOnlyList<DataFileSpec> Files, IReadOnlyList<DownloadSpec> Downloads);
