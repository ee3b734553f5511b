# NewsApi container: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime as a non-root user.
# Not built on the development machines (no Docker engine there); kept deliberately plain. compose.yaml runs two of
# these on PostgreSQL; TopologyTests keep the port, the health check and the user in step with the application.

# The reference reader (samples/reader) and the TypeScript client it is built on, from the committed OpenAPI document.
# Exact npm versions from the lock files; playwright-core (the reader's browser tests) downloads no browser.
FROM node:20-bookworm-slim AS reader
WORKDIR /src
COPY openapi/v1.json openapi/
COPY clients/typescript/ clients/typescript/
COPY samples/reader/ samples/reader/
RUN cd clients/typescript && npm ci --no-audit --no-fund && npm run build \
 && cd ../../samples/reader && npm ci --no-audit --no-fund && npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins the developers' SDK feature band, and the SDK image may carry another.
COPY NewsApi.sln Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/NewsApi/NewsApi.csproj src/NewsApi/
RUN dotnet restore src/NewsApi/NewsApi.csproj
COPY db/ db/
COPY src/ src/
RUN dotnet publish src/NewsApi/NewsApi.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
# Served at /reader/ only when NewsApi__Reader__Enabled=true (off by default, as outside a container).
COPY --from=reader /src/samples/reader/dist ./reader
# The database lives in a volume owned by the image's non-root "app" user.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
ENV ConnectionStrings__News="Data Source=/data/news.db" \
    NewsApi__Reader__Path=/app/reader \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
# The image has no curl or wget: the executable's own `health` command asks /health/ready on the port
# ASPNETCORE_HTTP_PORTS names and exits 0 on 200. The start period covers migrations on first start.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["dotnet", "NewsApi.dll", "health"]
ENTRYPOINT ["dotnet", "NewsApi.dll"]
