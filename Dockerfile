# syntax=docker/dockerfile:1
# Multi-stage build: a Node image builds the admin app (admin-spa/), the SDK image compiles and embeds
# it, the ASP.NET runtime image runs it as a non-root user (docker-entrypoint.sh drops to it after
# giving it the data directory).
FROM node:20-bookworm-slim AS admin-spa
WORKDIR /src/admin-spa
# The package files first, so that the npm ci layer is reused while only sources change.
COPY admin-spa/package.json admin-spa/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY admin-spa/index.html admin-spa/playground.html admin-spa/tsconfig.json admin-spa/vite.config.ts admin-spa/vite.public.config.ts ./
COPY admin-spa/src/ src/
COPY admin-spa/scripts/ scripts/
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig Grok2Api.sln ./
COPY Configuration/ Configuration/
COPY Storage/ Storage/
COPY TokenPool/ TokenPool/
COPY Transforms/ Transforms/
COPY AdminApi/ AdminApi/
COPY Proxy/ Proxy/
# The admin app and the public pages built above: AdminSpaPrebuilt embeds it as it is (no Node in this image).
COPY --from=admin-spa /src/admin-spa/dist/ admin-spa/dist/
COPY --from=admin-spa /src/admin-spa/dist-public/ admin-spa/dist-public/
RUN dotnet publish Proxy/Grok2Api.Proxy.csproj -c Release -o /app --no-self-contained -p:AdminSpaPrebuilt=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV DATA_DIR=/app/data \
    SERVER_HOST=0.0.0.0 \
    SERVER_PORT=8000 \
    LOG_LEVEL=INFO \
    LOG_FILE_ENABLED=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
COPY --from=build /app ./
COPY --chmod=755 docker-entrypoint.sh /usr/local/bin/grok2api-entrypoint
# /app/data, as in the original project's image, so its compose file (./data:/app/data) keeps working.
RUN mkdir -p /app/data && chown app:app /app/data
VOLUME ["/app/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["dotnet", "/app/Grok2Api.Proxy.dll", "--healthcheck"]
# Starts as root only to give DATA_DIR to the app user, then runs the service as that user.
ENTRYPOINT ["grok2api-entrypoint"]
