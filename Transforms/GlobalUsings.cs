// The namespaces most readers and writers of the translation layer use: JSON, buffers, invariant
// formatting, the Try-pattern attributes and the neutral conversation model.
global using System.Buffers;
global using System.Diagnostics.CodeAnalysis;
global using System.Globalization;
global using System.Text.Json;
global using Grok2Api.Transforms.Conversations;
