# NewsApi container: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime as a non-root user.
# Not built on the development machines (no Docker engine there); kept deliberately plain.

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
# The database lives in a volume owned by the image's non-root "app" user.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
ENV ConnectionStrings__News="Data Source=/data/news.db" \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=3s CMD ["dotnet", "NewsApi.dll", "--version"]
ENTRYPOINT ["dotnet", "NewsApi.dll"]
